// Shared by the Java client drivers (harness/client/CONTRACT.md): read the spec, run each request, print the result
// line, then hold the connections until the harness ends stdin.
package h1compat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

public final class Driver {
  private Driver() {}

  /** One request of the spec: a response entry or an error entry. */
  public interface One {
    Map<String, Object> run(Map<String, Object> request, long timeoutMs) throws Exception;
  }

  public static Map<String, Object> error(String code, Throwable e) {
    return Map.of("error", Map.of("code", code, "message", e.getClass().getName() + ": " + e.getMessage()));
  }

  /** One throwaway GET to a loopback socket of this JVM before the spec's requests, so that the library's classes
   *  are loaded during start-up (not measured: the fixture's clock starts when the client connects to the harness)
   *  rather than inside the first timed request: under CPU load, loading them took seconds and the library's own
   *  timeout fired on a response that had arrived (OkHttp TIMEOUT in 1 of 5 repeats; issue 13). The answer says
   *  `Connection: close`, so no connection of it is kept for the spec's requests; whatever fails here changes nothing. */
  static void warmUp(ExecutorService calls, One one, long timeoutMs) {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      Thread origin = new Thread(() -> {
        try (Socket s = server.accept()) {
          s.setSoTimeout((int) timeoutMs);
          InputStream in = s.getInputStream();
          int matched = 0; // octets of CRLF CRLF seen in a row: the end of the request head
          while (matched < 4) { // (not a for loop: its update would read once more after the head, and block)
            int b = in.read();
            if (b < 0) break;
            matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : (b == '\r' ? 1 : 0);
          }
          s.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok".getBytes(StandardCharsets.ISO_8859_1));
          s.getOutputStream().flush();
        } catch (IOException e) {
          // the warm-up is best effort
        }
      }, "h1compat-warm-up");
      origin.setDaemon(true);
      origin.start();
      String url = "http://127.0.0.1:" + server.getLocalPort() + "/h1compat-warm-up";
      Map<String, Object> request = Map.of("url", url, "method", "GET", "target", "/h1compat-warm-up", "fields", List.of());
      calls.submit(() -> one.run(request, timeoutMs)).get(timeoutMs, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      // the warm-up is best effort: the spec's requests run as they would without it
    }
  }

  @SuppressWarnings("unchecked")
  public static void main(String client, String specFile, One one, java.util.function.Predicate<Throwable> timeout) throws Exception {
    Map<String, Object> spec = Echo.JSON.readValue(Files.readAllBytes(Path.of(specFile)), Map.class);
    long timeoutMs = ((Number) spec.getOrDefault("timeoutMs", 5000)).longValue();
    List<Object> results = new ArrayList<>();
    // The driver's own deadline for each request, whole response included: a library whose limit covers only the
    // head (java.net.http's request timeout) would otherwise wait for a body that never ends, and the harness would
    // stop the JVM without a result (issue 13). It ends 250 ms before the harness's limit, after the library's own.
    ExecutorService calls = Executors.newCachedThreadPool(task -> {
      Thread t = new Thread(task, "h1compat-request");
      t.setDaemon(true);
      return t;
    });
    warmUp(calls, one, timeoutMs);
    for (Object r : (List<Object>) spec.get("requests")) {
      Future<Map<String, Object>> call = calls.submit(() -> one.run((Map<String, Object>) r, timeoutMs));
      try {
        results.add(call.get(Math.max(500, timeoutMs - 250), TimeUnit.MILLISECONDS));
      } catch (TimeoutException e) {
        // not interrupted: the connection stays as the library left it (java.net.http closes it when its thread is
        // interrupted, which would read as the client giving up and closing, where a real application would hang)
        results.add(Map.of("error", Map.of("code", "TIMEOUT", "message", "no complete response within " + Math.max(500, timeoutMs - 250) + " ms (the driver's deadline)")));
      } catch (java.util.concurrent.ExecutionException e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        results.add(error(timeout.test(cause) ? "TIMEOUT" : "ERROR", cause));
      }
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("h1compatClientResult", 1);
    doc.put("client", client);
    doc.put("results", results);
    System.out.println(Echo.JSON.writeValueAsString(doc));
    System.out.flush();
    System.in.readAllBytes(); // hold the connection until the harness ends stdin
    System.exit(0); // a request thread still blocked in the library must not keep the JVM alive
  }
}
