// The echo body of harness/echo/CONTRACT.md for the Java echo servers, and the octets rule shared with the client drivers.
package h1compat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

public final class Echo {
  public static final ObjectMapper JSON = new ObjectMapper();

  private Echo() {}

  /** A string as the octets it came from: latin1 when every char is one octet (how HTTP stacks decode heads), else UTF-8. */
  public static byte[] bytes(String s) {
    return s.chars().allMatch(c -> c < 256) ? s.getBytes(StandardCharsets.ISO_8859_1) : s.getBytes(StandardCharsets.UTF_8);
  }

  /** The contract's octets rule: a JSON string when the octets are UTF-8, else {"base64": ...}. */
  public static Object octets(byte[] b) {
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
    } catch (CharacterCodingException e) {
      return Map.of("base64", Base64.getEncoder().encodeToString(b));
    }
  }

  public static Object octets(String s) {
    return octets(bytes(s));
  }

  /** The spec's octets (a JSON string or {"base64": ...}) as bytes. */
  public static byte[] unoctets(Object v) {
    if (v instanceof String s) return s.getBytes(StandardCharsets.UTF_8);
    return Base64.getDecoder().decode((String) ((Map<?, ?>) v).get("base64"));
  }

  /** fields: [name, value] string pairs. */
  public static List<Object> pairs(List<String[]> fields) {
    List<Object> out = new ArrayList<>();
    for (String[] f : fields) out.add(List.of(octets(f[0]), octets(f[1])));
    return out;
  }

  public static byte[] body(String method, String target, String version, List<String[]> fields, byte[] body, List<String[]> trailers) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("h1compatEcho", 1);
    doc.put("method", octets(method));
    doc.put("target", octets(target));
    doc.put("version", octets(version));
    doc.put("fields", pairs(fields));
    doc.put("body", Base64.getEncoder().encodeToString(body));
    doc.put("trailers", pairs(trailers));
    try {
      return JSON.writeValueAsBytes(doc);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
