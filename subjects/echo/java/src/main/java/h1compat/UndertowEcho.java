// Echo server on Undertow 2.4 (core API, BlockingHandler); usage: UndertowEcho PORT. Undertow's HeaderMap groups
// values by name and is not in received order (lacks `raw-field-names`; fields reported sorted by name); trailers come from the REQUEST_TRAILERS
// attachment; the target is getRequestURI() and the query string (Undertow keeps absolute-form targets whole).
package h1compat;

import io.undertow.Undertow;
import io.undertow.server.handlers.BlockingHandler;
import io.undertow.server.protocol.http.HttpAttachments;
import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.util.ArrayList;
import java.util.List;

public final class UndertowEcho {
  static List<String[]> pairs(HeaderMap h) {
    List<String[]> out = new ArrayList<>();
    if (h != null) for (HeaderValues hv : h) for (String v : hv) out.add(new String[] {hv.getHeaderName().toString(), v});
    // HeaderMap iterates in its hash order, not the received one: report the fields sorted by name (stable, so the
    // values of one name keep their order), as the actix-web echo does, so that relative-order checks see a fixed
    // order rather than the hash order (pause-inside-head, field-value-*: X-V listed before Host)
    out.sort((a, b) -> a[0].compareToIgnoreCase(b[0]));
    return out;
  }

  public static void main(String[] args) {
    Undertow.builder().addHttpListener(Integer.parseInt(args[0]), "127.0.0.1").setHandler(new BlockingHandler(ex -> {
      byte[] body = ex.getInputStream().readAllBytes();
      String q = ex.getQueryString();
      String target = ex.getRequestURI() + (q == null || q.isEmpty() ? "" : "?" + q);
      byte[] out = Echo.body(ex.getRequestMethod().toString(), target, ex.getProtocol().toString(), pairs(ex.getRequestHeaders()),
          body, pairs(ex.getAttachment(HttpAttachments.REQUEST_TRAILERS)));
      ex.setStatusCode(200);
      ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json").put(Headers.CONTENT_LENGTH, out.length);
      if (!ex.getRequestMethod().equals(Methods.HEAD)) ex.getOutputStream().write(out);
    })).build().start();
  }
}
