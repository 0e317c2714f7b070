// Client driver for OkHttp 5 (HTTP/1.1 only, redirects and retries off); usage: OkHttpDriver SPEC.json.
// Response fields in received order with their case; trailers after the body; OkHttp reports no interim responses.
// Content-Length is left to OkHttp; a GET or HEAD with content is refused by OkHttp's API (an error entry).
package h1compat;

import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okhttp3.Headers;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.internal.http.HttpMethod;

public final class OkHttpDriver {
  static List<Object> pairs(Headers h) {
    List<Object> out = new ArrayList<>();
    for (int i = 0; i < h.size(); i++) out.add(List.of(Echo.octets(h.name(i)), Echo.octets(h.value(i))));
    return out;
  }

  @SuppressWarnings("unchecked")
  public static void main(String[] args) throws Exception {
    Driver.main("OkHttp " + okhttp3.OkHttp.VERSION, args[args.length - 1], (r, timeoutMs) -> {
      OkHttpClient client = Holder.get(timeoutMs);
      String method = new String(Echo.unoctets(r.get("method")), StandardCharsets.ISO_8859_1);
      String body = (String) r.get("body");
      RequestBody rb = body != null ? RequestBody.create(Base64.getDecoder().decode(body), null)
          : HttpMethod.requiresRequestBody(method) ? RequestBody.create(new byte[0], null) : null;
      Request.Builder b = new Request.Builder().url((String) r.get("url")).method(method, rb);
      for (List<Object> f : (List<List<Object>>) r.getOrDefault("fields", List.of())) {
        String n = new String(Echo.unoctets(f.get(0)), StandardCharsets.ISO_8859_1);
        if (n.equalsIgnoreCase("content-length")) continue;
        b.addHeader(n, new String(Echo.unoctets(f.get(1)), StandardCharsets.ISO_8859_1));
      }
      try (Response resp = client.newCall(b.build()).execute()) {
        byte[] data = resp.body().bytes();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", resp.code());
        out.put("reason", Echo.octets(resp.message()));
        out.put("version", resp.protocol() == Protocol.HTTP_1_0 ? "HTTP/1.0" : "HTTP/1.1");
        out.put("headers", pairs(resp.headers()));
        out.put("body", Base64.getEncoder().encodeToString(data));
        out.put("trailers", pairs(resp.trailers()));
        return out;
      }
    }, e -> e instanceof InterruptedIOException);
  }

  /** One client for the run (one connection pool), built with the spec's timeout. */
  static final class Holder {
    private static OkHttpClient client;

    static OkHttpClient get(long timeoutMs) {
      if (client == null) {
        client = new OkHttpClient.Builder().protocols(List.of(Protocol.HTTP_1_1)).followRedirects(false)
            .retryOnConnectionFailure(false).callTimeout(Duration.ofMillis(Math.max(500, timeoutMs - 500))).build(); // ends before the harness's limit
      }
      return client;
    }
  }
}
