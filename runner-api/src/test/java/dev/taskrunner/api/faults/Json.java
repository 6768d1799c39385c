package dev.taskrunner.api.faults;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Random and mutated JSON text for {@link RequestFuzz}. */
final class Json {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private Json() {
  }

  /** A random JSON value up to {@code depth} levels deep. */
  static String randomValue(Random random, int depth) {
    return value(random, depth).toString();
  }

  /** {@code base} (a JSON object) with {@code count} mutations: of its tree, or of its text. */
  static String mutate(String base, Random random, int count) {
    ObjectNode tree;
    try {
      tree = (ObjectNode) Client.JSON.readTree(base);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(base, e);
    }
    String text = null;
    for (int i = 0; i < count; i++) {
      int roll = random.nextInt(10);
      List<String> fields = new ArrayList<>();
      tree.fieldNames().forEachRemaining(fields::add);
      String field = fields.isEmpty() ? "machine" : fields.get(random.nextInt(fields.size()));
      switch (roll) {
        case 0, 1 -> tree.set(field, value(random, 3)); // a wrong type, or a right one with a wrong value
        case 2 -> {
          if (!"id".equals(field)) {
            tree.remove(field); // the id stays: a definition that turns valid repeats a known task
          }
        }
        case 3 -> tree.set("unknown" + random.nextInt(3), value(random, 2));
        case 4 -> tree.put(field, "s".repeat(random.nextInt(300_000)));
        case 5 -> tree.put(field, "a\u0000b" + (char) random.nextInt(0x10000));
        case 6 -> tree.put("machine", List.of("exec", "echo", "", "ECHO", "nope", "../exec").get(random.nextInt(6)));
        case 7 -> tree.set("parameters", parameters(random));
        default -> text = textual(tree.toString(), random);
      }
    }
    return text != null ? text : tree.toString();
  }

  private static JsonNode parameters(Random random) {
    return switch (random.nextInt(6)) {
      case 0 -> NODES.textNode("ECHO a\nSLEEP x\nRETURN 300\nNONSENSE");
      case 1 -> NODES.arrayNode().add("USE EXCLUSIVE").add("CLEANUP").add("RAISE");
      case 2 -> NODES.objectNode().put("command", "true").put("shell", "yes");
      case 3 -> NODES.objectNode().set("command", NODES.arrayNode().add("a\u0000b"));
      case 4 -> NODES.objectNode().set("env", NODES.objectNode().put("K", 1));
      default -> value(random, 3);
    };
  }

  private static String textual(String text, Random random) {
    int at = random.nextInt(text.length() + 1);
    return switch (random.nextInt(5)) {
      case 0 -> text.substring(0, at); // truncated
      case 1 -> text.substring(0, at) + "{[\"\\u00" + text.substring(at);
      case 2 -> text.substring(0, text.length() - 1) + ",\"id\":\"dup\"}"; // a duplicate key
      case 3 -> text + text; // two documents
      default -> text.substring(0, at) + "\\ud800" + text.substring(at); // a lone surrogate escape
    };
  }

  private static JsonNode value(Random random, int depth) {
    int roll = random.nextInt(depth <= 0 ? 6 : 8);
    return switch (roll) {
      case 0 -> NODES.nullNode();
      case 1 -> NODES.booleanNode(random.nextBoolean());
      case 2 -> NODES.numberNode(random.nextLong());
      case 3 -> NODES.numberNode(random.nextDouble() * 1e300);
      case 4 -> NODES.textNode(Long.toString(random.nextLong(), 36));
      case 5 -> NODES.numberNode(new java.math.BigInteger(200, random));
      case 6 -> {
        ArrayNode array = NODES.arrayNode();
        for (int i = random.nextInt(4); i > 0; i--) {
          array.add(value(random, depth - 1));
        }
        yield array;
      }
      default -> {
        ObjectNode object = NODES.objectNode();
        for (int i = random.nextInt(4); i > 0; i--) {
          object.set(List.of("machine", "parameters", "id", "name", "timeoutSeconds", "x").get(random.nextInt(6)),
              value(random, depth - 1));
        }
        yield object;
      }
    };
  }
}
