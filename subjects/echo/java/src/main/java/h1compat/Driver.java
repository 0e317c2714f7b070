// Shared by the Java client drivers (harness/client/CONTRACT.md): read the spec, run each request, print the result
// line, then hold the connections until the harness ends stdin.
package h1compat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

public final class Driver {
  private Driver() {}

  /** One request of the spec: a response entry or an error entry. */
  public interface One {
    Map<String, Object> run(Map<String, Object> request, long timeoutMs) throws Exception;
  }

  public static Map<String, Object> error(String code, Throwable e) {
    return Map.of("error", Map.of("code", code, "message", e.getClass().getName() + ": " + e.getMessage()));
  }

  @SuppressWarnings("unchecked")
  public static void main(String client, String specFile, One one, java.util.function.Predicate<Throwable> timeout) throws Exception {
    Map<String, Object> spec = Echo.JSON.readValue(Files.readAllBytes(Path.of(specFile)), Map.class);
    long timeoutMs = ((Number) spec.getOrDefault("timeoutMs", 5000)).longValue();
    List<Object> results = new ArrayList<>();
    for (Object r : (List<Object>) spec.get("requests")) {
      try {
        results.add(one.run((Map<String, Object>) r, timeoutMs));
      } catch (Exception e) {
        results.add(error(timeout.test(e) ? "TIMEOUT" : "ERROR", e));
      }
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("h1compatClientResult", 1);
    doc.put("client", client);
    doc.put("results", results);
    System.out.println(Echo.JSON.writeValueAsString(doc));
    System.out.flush();
    System.in.readAllBytes(); // hold the connection until the harness ends stdin
  }
}
