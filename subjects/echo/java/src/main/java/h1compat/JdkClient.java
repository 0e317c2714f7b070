// Client driver for the JDK's java.net.http.HttpClient (HTTP/1.1 only, redirects off); usage: JdkClient SPEC.json.
// Restricted fields (Host, Connection, Expect, Upgrade) are allowed through jdk.httpclient.allowRestrictedHeaders;
// Content-Length is left to the client. The API gives no reason phrase, no trailers and no interim responses, and
// header names lower-cased in a sorted map.
package h1compat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

public final class JdkClient {
  @SuppressWarnings("unchecked")
  public static void main(String[] args) throws Exception {
    System.setProperty("jdk.httpclient.allowRestrictedHeaders", "host,connection,expect,upgrade");
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER).build();
    Driver.main("java.net.http " + System.getProperty("java.version"), args[args.length - 1], (r, timeoutMs) -> {
      String body = (String) r.get("body");
      HttpRequest.BodyPublisher pub = body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(Base64.getDecoder().decode(body));
      String method = new String(Echo.unoctets(r.get("method")), java.nio.charset.StandardCharsets.ISO_8859_1);
      // our own limit ends before the harness's (timeoutMs after the request): a hang is reported as TIMEOUT
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create((String) r.get("url"))).timeout(Duration.ofMillis(Math.max(500, timeoutMs - 500)));
      // GET() sends no Content-Length; method("GET", noBody()) would add "Content-Length: 0"
      if (body == null && method.equals("GET")) b.GET(); else b.method(method, pub);
      boolean expect = Boolean.TRUE.equals(r.get("expectContinue"));
      if (expect) b.expectContinue(true);
      for (List<Object> f : (List<List<Object>>) r.getOrDefault("fields", List.of())) {
        String n = new String(Echo.unoctets(f.get(0)), java.nio.charset.StandardCharsets.ISO_8859_1);
        String v = new String(Echo.unoctets(f.get(1)), java.nio.charset.StandardCharsets.ISO_8859_1);
        if (n.equalsIgnoreCase("content-length") || (expect && n.equalsIgnoreCase("expect"))) continue;
        b.header(n, v);
      }
      HttpResponse<byte[]> resp = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
      List<Object> headers = new ArrayList<>();
      resp.headers().map().forEach((n, vs) -> vs.forEach(v -> headers.add(List.of(Echo.octets(n), Echo.octets(v)))));
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("status", resp.statusCode());
      out.put("version", "HTTP/1.1");
      out.put("headers", headers);
      out.put("body", Base64.getEncoder().encodeToString(resp.body()));
      out.put("trailers", List.of());
      return out;
    }, e -> e instanceof HttpTimeoutException);
  }
}
