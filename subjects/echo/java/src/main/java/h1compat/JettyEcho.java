// Echo server on Jetty 12 (core Handler API, Jetty's HttpParser, default HttpCompliance); usage: JettyEcho PORT.
// Fields in received order; Jetty replaces the names of well-known fields by its cached spelling (lacks
// `raw-field-names`); the target is the parsed HttpURI's path and query (lacks `request-target`).
package h1compat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

public final class JettyEcho {
  static List<String[]> pairs(HttpFields h) {
    List<String[]> out = new ArrayList<>();
    if (h != null) for (HttpField f : h) out.add(new String[] {f.getName(), f.getValue() == null ? "" : f.getValue()});
    return out;
  }

  public static void main(String[] args) throws Exception {
    Server server = new Server();
    ServerConnector c = new ServerConnector(server);
    c.setHost("127.0.0.1");
    c.setPort(Integer.parseInt(args[0]));
    server.addConnector(c);
    server.setHandler(new Handler.Abstract() {
      @Override
      public boolean handle(Request req, Response resp, Callback cb) throws Exception {
        byte[] body = Content.Source.asInputStream(req).readAllBytes();
        String target = req.getHttpURI().getPathQuery();
        byte[] out = Echo.body(req.getMethod(), target == null ? "" : target, req.getConnectionMetaData().getProtocol(),
            pairs(req.getHeaders()), body, pairs(req.getTrailers()));
        resp.setStatus(200);
        resp.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        resp.write(true, ByteBuffer.wrap(out), cb);
        return true;
      }
    });
    server.start();
    server.join();
  }
}
