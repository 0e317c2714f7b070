// Echo server on embedded Tomcat 11 (Coyote HTTP/1.1 connector, one servlet for every path and method);
// usage: TomcatEcho PORT. The Servlet API groups values by name (lacks `raw-field-names`) and gives the target as
// getRequestURI() and the query (absolute-form reduced to its path: lacks `request-target`); trailers from
// getTrailerFields() (names lower-cased).
package h1compat;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;

public final class TomcatEcho {
  static final class EchoServlet extends HttpServlet {
    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      byte[] body = req.getInputStream().readAllBytes();
      List<String[]> fields = new ArrayList<>();
      for (String n : Collections.list(req.getHeaderNames())) for (String v : Collections.list(req.getHeaders(n))) fields.add(new String[] {n, v});
      List<String[]> trailers = new ArrayList<>();
      if (req.isTrailerFieldsReady()) req.getTrailerFields().forEach((n, v) -> trailers.add(new String[] {n, v}));
      String q = req.getQueryString();
      byte[] out = Echo.body(req.getMethod(), req.getRequestURI() + (q == null ? "" : "?" + q), req.getProtocol(), fields, body, trailers);
      resp.setStatus(200);
      resp.setContentType("application/json");
      resp.setContentLength(out.length);
      if (!"HEAD".equals(req.getMethod())) resp.getOutputStream().write(out);
    }
  }

  public static void main(String[] args) throws Exception {
    Tomcat tomcat = new Tomcat();
    tomcat.setBaseDir(Files.createTempDirectory("h1compat-tomcat").toString());
    Connector c = new Connector();
    c.setPort(Integer.parseInt(args[0]));
    c.setProperty("address", "127.0.0.1");
    tomcat.setConnector(c);
    Context ctx = tomcat.addContext("", null);
    Tomcat.addServlet(ctx, "echo", new EchoServlet());
    ctx.addServletMappingDecoded("/", "echo");
    tomcat.start();
    tomcat.getServer().await();
  }
}
