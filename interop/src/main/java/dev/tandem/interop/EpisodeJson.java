package dev.tandem.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.core.data.EndReason;
import dev.tandem.core.data.EpisodeMeta;
import dev.tandem.core.data.EpisodeOutcome;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An episode's metadata and outcome as one JSON object, the {@code tandem/episode} field an export
 * carries so an import restores them: seed, initial state, policy version, operator, start time,
 * tags, end reason, success, detail.
 */
public final class EpisodeJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private EpisodeJson() {}

  public static String write(long episodeId, EpisodeMeta m, EpisodeOutcome o) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("episodeId", episodeId);
    n.put("seed", m.seed());
    n.put("initialState", Base64.getEncoder().encodeToString(m.initialState()));
    n.put("policyVersion", m.policyVersion());
    n.put("operator", m.operator());
    n.put("startedAt", m.startedAt().toString());
    ObjectNode tags = n.putObject("tags");
    m.tags().forEach(tags::put);
    n.put("endReason", o.reason().name());
    n.put("success", o.success());
    n.put("detail", o.detail());
    return n.toString();
  }

  /** The metadata and outcome read back. */
  public record Parsed(EpisodeMeta meta, EpisodeOutcome outcome) {}

  /**
   * @param environment the environment name the metadata is recorded with
   * @throws IllegalArgumentException naming {@code where} and the field
   */
  public static Parsed read(String json, String environment, String where) {
    JsonNode n;
    try {
      n = MAPPER.readTree(json);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException(where + ": not JSON: " + e.getMessage(), e);
    }
    try {
      Map<String, String> tags = new LinkedHashMap<>();
      n.path("tags").fields().forEachRemaining(e -> tags.put(e.getKey(), e.getValue().asText()));
      EpisodeMeta meta =
          new EpisodeMeta(
              environment,
              req(n, "seed", where).asLong(),
              Base64.getDecoder().decode(req(n, "initialState", where).asText()),
              req(n, "policyVersion", where).asText(),
              req(n, "operator", where).asText(),
              Instant.parse(req(n, "startedAt", where).asText()),
              tags);
      EpisodeOutcome outcome =
          new EpisodeOutcome(
              EndReason.valueOf(req(n, "endReason", where).asText()),
              req(n, "success", where).asBoolean(),
              req(n, "detail", where).asText());
      return new Parsed(meta, outcome);
    } catch (RuntimeException e) {
      if (e.getMessage() != null && e.getMessage().startsWith(where)) {
        throw e;
      }
      throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
    }
  }

  private static JsonNode req(JsonNode n, String field, String where) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      throw new IllegalArgumentException(where + ": field '" + field + "' is missing");
    }
    return v;
  }
}
