package dev.taskrunner.api.faults;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Random;

/**
 * Makes hostile requests, each a whole HTTP/1.1 request as raw bytes: definitions mutated from a
 * valid one (wrong types, huge strings, NUL bytes, bad UTF-8, deep nesting, random JSON), wrong
 * content types, huge headers, bad Authorization, unknown routes, path traversal and bad paging.
 * Valid definitions use a few fixed client ids, so the tasks they create stay few.
 */
final class RequestFuzz {
  static final String MALFORMED_REQUEST_LINE = "malformed request line";
  private static final List<String> PATHS = List.of("/", "/v1/", "/v1/schema", "/v1/tasks", "/v1/tasks/",
      "/v1/tasks/..%2f..%2fetc%2fpasswd", "/v1/tasks/../../etc/passwd", "/v1/tasks/%2e%2e/%2e%2e/etc",
      "/v1/tasks/%00", "/v1/tasks/a%00b/output", "/v1/tasks/%ff%fe", "/v1/tasks?offset=-1",
      "/v1/tasks?limit=0", "/v1/tasks?limit=1000000", "/v1/tasks?offset=abc&limit=x",
      "/v1/tasks?offset=99999999999999999999", "/v1/tasks?state=nonsense", "/v1/tasks?state=", "/nope",
      "/v1/nope", "/v2/tasks", "/v1/tasks/missing", "/v1/tasks/missing/output?offset=-5",
      "/v1/tasks/missing/output?follow=maybe", "/v1/tasks/missing/stop", "/health?x=%zz", "/metrics",
      "/v1/openapi.json", "//v1//tasks", "/v1/tasks/" + "a".repeat(300), "/%", "/v1/tasks?%=%");
  private static final List<String> METHODS = List.of("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE",
      "BREW", "get");
  private static final List<String> CONTENT_TYPES = List.of("text/plain", "application/xml", "", "application/json;"
      + " charset=latin-1", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded", "*/*",
      "application/json\u0000");
  private final Random random;
  private final String token;
  private final String idPrefix;

  RequestFuzz(long seed, String token, String idPrefix) {
    this.random = new Random(seed);
    this.token = token;
    this.idPrefix = idPrefix;
  }

  /** The next request; {@code kind} names what it tries. */
  record Request(String kind, byte[] bytes) {
  }

  Request next() {
    int roll = random.nextInt(100);
    if (roll < 45) {
      return post("mutated definition", "application/json", auth(), mutatedDefinition());
    } else if (roll < 52) {
      return post("random JSON", "application/json", auth(), Json.randomValue(random, 4).getBytes(UTF_8));
    } else if (roll < 54) {
      int depth = 1_000 + random.nextInt(100_000);
      return post("deep nesting", "application/json", auth(), ("[".repeat(depth) + "]".repeat(depth)).getBytes(UTF_8));
    } else if (roll < 55) {
      return post("huge string", "application/json", auth(), ("{\"machine\":\"echo\",\"parameters\":\""
          + "x".repeat(900_000 + random.nextInt(400_000)) + "\"}").getBytes(UTF_8));
    } else if (roll < 60) {
      return post("NUL and bad UTF-8", "application/json", auth(), badBytes(mutatedDefinition()));
    } else if (roll < 65) {
      return post("wrong content type", pick(CONTENT_TYPES), auth(), mutatedDefinition());
    } else if (roll < 67) {
      return request("huge header", "GET", "/v1/tasks", "X-Big: " + "h".repeat(8_000 + random.nextInt(200_000))
          + "\r\n" + auth(), new byte[0]);
    } else if (roll < 72) {
      return request("bad Authorization", pick(List.of("GET", "POST")), "/v1/tasks", pick(List.of(
          "Authorization: Bearer wrong\r\n", "Authorization: Basic Zm9vOmJhcg==\r\n", "Authorization: \r\n",
          "Authorization: Bearer " + token + "x\r\n", "Authorization: Bearer\u0000" + token + "\r\n", "")),
          new byte[0]);
    } else if (roll < 92) {
      return request("odd route or query", pick(List.of("GET", "GET", "POST", "DELETE")), pick(PATHS), auth(),
          new byte[0]);
    } else if (roll < 97) {
      return request("odd method", pick(METHODS), pick(PATHS), auth(), new byte[0]);
    }
    return new Request(MALFORMED_REQUEST_LINE, (pick(List.of("GET /v1/tasks HTTP/9.9", "GET  HTTP/1.1",
        "GET /v1/tasks\u0000 HTTP/1.1", "\u0001\u0002\u0003", "GET /v1/tasks HTTP/1.1 extra", "GET " + "/x".repeat(
        20_000) + " HTTP/1.1")) + "\r\nHost: x\r\n\r\n").getBytes(ISO_8859_1));
  }

  private byte[] mutatedDefinition() {
    String id = idPrefix + random.nextInt(8);
    String base = "{\"id\":\"" + id + "\",\"machine\":\"echo\",\"parameters\":[\"ECHO hi\"],\"name\":\"n\","
        + "\"timeoutSeconds\":60}";
    return Json.mutate(base, random, 1 + random.nextInt(3)).getBytes(UTF_8);
  }

  private byte[] badBytes(byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte b : body) {
      out.write(b);
      if (random.nextInt(20) == 0) {
        byte[] bad = {0, (byte) 0xff, (byte) 0xc3, (byte) 0xed, (byte) 0xa0, (byte) 0x80, (byte) 0xf8};
        out.write(bad[random.nextInt(bad.length)]);
      }
    }
    return out.toByteArray();
  }

  private String auth() {
    return "Authorization: Bearer " + token + "\r\n";
  }

  private Request post(String kind, String contentType, String headers, byte[] body) {
    return request(kind, "POST", "/v1/tasks", "Content-Type: " + contentType + "\r\n" + headers, body);
  }

  private Request request(String kind, String method, String path, String headers, byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    // always the true length: a lying one would leave the keep-alive stream out of step, not test the node more
    String lengthHeader = "Content-Length: " + body.length + "\r\n";
    out.writeBytes((method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers + lengthHeader + "\r\n")
        .getBytes(ISO_8859_1));
    out.writeBytes(body);
    return new Request(kind, out.toByteArray());
  }

  private <T> T pick(List<T> options) {
    return options.get(random.nextInt(options.size()));
  }
}
