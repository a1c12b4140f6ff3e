package dev.tandem.core.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.core.spec.EnvironmentSpec;
import java.nio.charset.StandardCharsets;

/**
 * A dataset spec (environment, robot, features, what is recorded) as the JSON the store's manifest
 * holds, for other formats that carry it (the LeRobot and robomimic exports) so an import restores
 * the exact spec.
 */
public final class DatasetSpecJson {

  private DatasetSpecJson() {}

  /** The spec as one JSON object (the manifest's spec fields). */
  public static String write(DatasetSpec spec) {
    ObjectNode n = SpecJson.MAPPER.createObjectNode();
    put(n, spec);
    try {
      return SpecJson.MAPPER.writeValueAsString(n);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode the dataset spec", e);
    }
  }

  /**
   * Reads a spec written by {@link #write}.
   *
   * @param where names the document in errors (a file, a file and field)
   * @throws IllegalArgumentException naming {@code where} and the field that is wrong
   */
  public static DatasetSpec read(String json, String where) {
    JsonNode n = SpecJson.parse(json.getBytes(StandardCharsets.UTF_8), where);
    return parse(n, new SpecJson.Reader(where));
  }

  static void put(ObjectNode n, DatasetSpec spec) {
    n.put("description", spec.description());
    n.put("recordImages", spec.recordImages());
    n.put("environmentStateSize", spec.environmentStateSize());
    n.set("environment", SpecJson.environment(spec.environment()));
  }

  static DatasetSpec parse(JsonNode n, SpecJson.Reader r) {
    String description = n.has("description") ? r.text(n, "", "description") : "";
    JsonNode imagesNode = r.req(n, "", "recordImages");
    if (!imagesNode.isBoolean()) {
      throw r.error("recordImages", "must be true or false, found " + imagesNode);
    }
    boolean images = imagesNode.asBoolean();
    int envState = r.int32(n, "", "environmentStateSize");
    EnvironmentSpec env = r.environment(r.req(n, "", "environment"), "environment");
    return r.build("", () -> new DatasetSpec(env, envState, images, description));
  }
}
