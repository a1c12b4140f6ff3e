package dev.tandem.core.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.core.data.EpisodeMeta;
import dev.tandem.core.spec.ActionSpec;
import dev.tandem.core.spec.EnvironmentSpec;
import dev.tandem.core.spec.FeatureSpec;
import dev.tandem.core.spec.GripperSpec;
import dev.tandem.core.spec.JointSpec;
import dev.tandem.core.spec.RobotSpec;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * JSON form of the specs and episode metadata stored with a dataset. The mapping is written out
 * field by field (not by reflection) so the on-disk format does not change when a core record gains
 * a field, and so a missing or malformed field is reported with its path.
 */
final class SpecJson {

  static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private SpecJson() {}

  // ------------------------------------------------------------ writing

  static ObjectNode environment(EnvironmentSpec e) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("name", e.name());
    n.set("robot", robot(e.robot()));
    ArrayNode feats = n.putArray("observationFeatures");
    e.observationFeatures().forEach(f -> feats.add(feature(f)));
    n.set("action", action(e.action()));
    n.put("controlRateHz", e.controlRateHz());
    n.put("maxEpisodeSteps", e.maxEpisodeSteps());
    n.set("parameters", stringMap(e.parameters()));
    return n;
  }

  static ObjectNode feature(FeatureSpec f) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("key", f.key());
    ArrayNode shape = n.putArray("shape");
    f.shape().forEach(shape::add);
    n.put("dtype", f.dtype().name());
    n.put("units", f.units());
    ArrayNode names = n.putArray("names");
    f.names().forEach(names::add);
    return n;
  }

  private static ObjectNode robot(RobotSpec r) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("name", r.name());
    ArrayNode joints = n.putArray("joints");
    for (JointSpec j : r.joints()) {
      ObjectNode jn = joints.addObject();
      jn.put("name", j.name());
      jn.put("type", j.type().name());
      jn.put("lowerPosition", j.lowerPosition());
      jn.put("upperPosition", j.upperPosition());
      jn.put("maxVelocity", j.maxVelocity());
      jn.put("maxEffort", j.maxEffort());
    }
    n.put("endEffectorLink", r.endEffectorLink());
    if (r.gripper().isPresent()) {
      GripperSpec g = r.gripper().get();
      ObjectNode gn = n.putObject("gripper");
      ArrayNode names = gn.putArray("jointNames");
      g.jointNames().forEach(names::add);
      gn.put("maxOpeningMeters", g.maxOpeningMeters());
      gn.put("maxForceNewtons", g.maxForceNewtons());
    } else {
      n.putNull("gripper");
    }
    ObjectNode c = n.putObject("cartesianLimits");
    c.put("maxLinearSpeed", r.cartesianLimits().maxLinearSpeed());
    doubles(c.putArray("workspaceMin"), r.cartesianLimits().workspaceMin());
    doubles(c.putArray("workspaceMax"), r.cartesianLimits().workspaceMax());
    return n;
  }

  private static ObjectNode action(ActionSpec a) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("mode", a.mode().name());
    ArrayNode names = n.putArray("names");
    a.names().forEach(names::add);
    doubles(n.putArray("low"), a.low());
    doubles(n.putArray("high"), a.high());
    return n;
  }

  private static void doubles(ArrayNode arr, double[] values) {
    for (double v : values) {
      arr.add(v);
    }
  }

  static ObjectNode stringMap(Map<String, String> map) {
    ObjectNode n = MAPPER.createObjectNode();
    map.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> n.put(e.getKey(), e.getValue()));
    return n;
  }

  static byte[] episodeMeta(long episodeId, EpisodeMeta m) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("episodeId", episodeId);
    n.put("environment", m.environment());
    n.put("seed", m.seed());
    n.put("initialState", Base64.getEncoder().encodeToString(m.initialState()));
    n.put("policyVersion", m.policyVersion());
    n.put("operator", m.operator());
    n.put("startedAt", m.startedAt().toString());
    n.set("tags", stringMap(m.tags()));
    try {
      return MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(n);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode episode metadata", e);
    }
  }

  // ------------------------------------------------------------ reading

  /** Reads fields of one JSON document, naming the document and the field path in errors. */
  static final class Reader {
    private final String where;

    Reader(String where) {
      this.where = where;
    }

    IllegalArgumentException error(String path, String expected) {
      return new IllegalArgumentException(where + ": field '" + path + "' " + expected);
    }

    JsonNode req(JsonNode n, String path, String field) {
      JsonNode v = n == null ? null : n.get(field);
      if (v == null || v.isMissingNode()) {
        throw error(join(path, field), "is missing");
      }
      return v;
    }

    String text(JsonNode n, String path, String field) {
      JsonNode v = req(n, path, field);
      if (!v.isTextual()) {
        throw error(join(path, field), "must be a string, found " + v.getNodeType());
      }
      return v.asText();
    }

    long integer(JsonNode n, String path, String field) {
      JsonNode v = req(n, path, field);
      if (!v.isIntegralNumber() || !v.canConvertToLong()) {
        throw error(join(path, field), "must be an integer, found " + v);
      }
      return v.asLong();
    }

    int int32(JsonNode n, String path, String field) {
      long v = integer(n, path, field);
      if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
        throw error(join(path, field), "is out of range: " + v);
      }
      return (int) v;
    }

    double number(JsonNode v, String path) {
      if (v.isNumber()) {
        return v.asDouble();
      }
      if (v.isTextual()) {
        try {
          return Double.parseDouble(v.asText());
        } catch (NumberFormatException e) {
          throw error(path, "must be a number, found \"" + v.asText() + "\"");
        }
      }
      throw error(path, "must be a number, found " + v.getNodeType());
    }

    double number(JsonNode n, String path, String field) {
      return number(req(n, path, field), join(path, field));
    }

    ArrayNode array(JsonNode n, String path, String field) {
      JsonNode v = req(n, path, field);
      if (!v.isArray()) {
        throw error(join(path, field), "must be an array, found " + v.getNodeType());
      }
      return (ArrayNode) v;
    }

    List<String> strings(JsonNode n, String path, String field) {
      ArrayNode a = array(n, path, field);
      List<String> out = new ArrayList<>();
      for (int i = 0; i < a.size(); i++) {
        if (!a.get(i).isTextual()) {
          throw error(join(path, field) + "[" + i + "]", "must be a string");
        }
        out.add(a.get(i).asText());
      }
      return out;
    }

    double[] doubles(JsonNode n, String path, String field) {
      ArrayNode a = array(n, path, field);
      double[] out = new double[a.size()];
      for (int i = 0; i < a.size(); i++) {
        out[i] = number(a.get(i), join(path, field) + "[" + i + "]");
      }
      return out;
    }

    Map<String, String> stringMap(JsonNode n, String path, String field) {
      JsonNode v = req(n, path, field);
      if (!v.isObject()) {
        throw error(join(path, field), "must be an object, found " + v.getNodeType());
      }
      Map<String, String> out = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> e : v.properties()) {
        if (!e.getValue().isValueNode()) {
          throw error(join(path, field) + "." + e.getKey(), "must be a string");
        }
        out.put(e.getKey(), e.getValue().asText());
      }
      return out;
    }

    <E extends Enum<E>> E enumValue(JsonNode n, String path, String field, Class<E> type) {
      String s = text(n, path, field);
      try {
        return Enum.valueOf(type, s);
      } catch (IllegalArgumentException e) {
        throw error(
            join(path, field),
            "must be one of "
                + java.util.Arrays.toString(type.getEnumConstants())
                + ", found "
                + s);
      }
    }

    Instant instant(JsonNode n, String path, String field) {
      String s = text(n, path, field);
      try {
        return Instant.parse(s);
      } catch (DateTimeParseException e) {
        throw error(join(path, field), "must be an ISO-8601 instant, found \"" + s + "\"");
      }
    }

    /** Runs a record constructor, turning its validation error into one naming the path. */
    <T> T build(String path, java.util.function.Supplier<T> ctor) {
      try {
        return ctor.get();
      } catch (IllegalArgumentException | NullPointerException e) {
        throw new IllegalArgumentException(
            where + ": '" + path + "' is invalid: " + e.getMessage());
      }
    }

    private static String join(String path, String field) {
      return path.isEmpty() ? field : path + "." + field;
    }

    EnvironmentSpec environment(JsonNode n, String path) {
      String name = text(n, path, "name");
      RobotSpec robot = robot(req(n, path, "robot"), path + ".robot");
      List<FeatureSpec> feats = features(n, path, "observationFeatures");
      ActionSpec action = action(req(n, path, "action"), path + ".action");
      double rate = number(n, path, "controlRateHz");
      int maxSteps = int32(n, path, "maxEpisodeSteps");
      Map<String, String> params = stringMap(n, path, "parameters");
      return build(
          path, () -> new EnvironmentSpec(name, robot, feats, action, rate, maxSteps, params));
    }

    List<FeatureSpec> features(JsonNode n, String path, String field) {
      ArrayNode a = array(n, path, field);
      List<FeatureSpec> out = new ArrayList<>();
      for (int i = 0; i < a.size(); i++) {
        out.add(feature(a.get(i), join(path, field) + "[" + i + "]"));
      }
      return out;
    }

    FeatureSpec feature(JsonNode n, String path) {
      String key = text(n, path, "key");
      ArrayNode shapeNode = array(n, path, "shape");
      List<Integer> shape = new ArrayList<>();
      for (int i = 0; i < shapeNode.size(); i++) {
        if (!shapeNode.get(i).canConvertToInt()) {
          throw error(path + ".shape[" + i + "]", "must be an integer");
        }
        shape.add(shapeNode.get(i).asInt());
      }
      FeatureSpec.DType dtype = enumValue(n, path, "dtype", FeatureSpec.DType.class);
      String units = n.has("units") ? text(n, path, "units") : "";
      List<String> names = n.has("names") ? strings(n, path, "names") : List.of();
      return build(path, () -> new FeatureSpec(key, shape, dtype, units, names));
    }

    private RobotSpec robot(JsonNode n, String path) {
      String name = text(n, path, "name");
      ArrayNode jn = array(n, path, "joints");
      List<JointSpec> joints = new ArrayList<>();
      for (int i = 0; i < jn.size(); i++) {
        JsonNode j = jn.get(i);
        String p = path + ".joints[" + i + "]";
        String jname = text(j, p, "name");
        JointSpec.JointType type = enumValue(j, p, "type", JointSpec.JointType.class);
        double lo = number(j, p, "lowerPosition");
        double hi = number(j, p, "upperPosition");
        double vel = number(j, p, "maxVelocity");
        double eff = number(j, p, "maxEffort");
        joints.add(build(p, () -> new JointSpec(jname, type, lo, hi, vel, eff)));
      }
      String ee = text(n, path, "endEffectorLink");
      Optional<GripperSpec> gripper = Optional.empty();
      JsonNode g = n.get("gripper");
      if (g != null && !g.isNull()) {
        String p = path + ".gripper";
        List<String> gj = strings(g, p, "jointNames");
        double open = number(g, p, "maxOpeningMeters");
        double force = number(g, p, "maxForceNewtons");
        gripper = Optional.of(build(p, () -> new GripperSpec(gj, open, force)));
      }
      JsonNode c = req(n, path, "cartesianLimits");
      String cp = path + ".cartesianLimits";
      double speed = number(c, cp, "maxLinearSpeed");
      double[] wmin = doubles(c, cp, "workspaceMin");
      double[] wmax = doubles(c, cp, "workspaceMax");
      RobotSpec.CartesianLimits limits =
          build(cp, () -> new RobotSpec.CartesianLimits(speed, wmin, wmax));
      Optional<GripperSpec> gr = gripper;
      return build(path, () -> new RobotSpec(name, joints, ee, gr, limits));
    }

    private ActionSpec action(JsonNode n, String path) {
      ActionSpec.ActionMode mode = enumValue(n, path, "mode", ActionSpec.ActionMode.class);
      List<String> names = strings(n, path, "names");
      double[] low = doubles(n, path, "low");
      double[] high = doubles(n, path, "high");
      return build(path, () -> new ActionSpec(mode, names, low, high));
    }

    EpisodeMeta episodeMeta(JsonNode n) {
      String env = text(n, "", "environment");
      long seed = integer(n, "", "seed");
      byte[] init;
      try {
        init = Base64.getDecoder().decode(text(n, "", "initialState"));
      } catch (IllegalArgumentException e) {
        throw error("initialState", "must be base64");
      }
      String policy = text(n, "", "policyVersion");
      String operator = text(n, "", "operator");
      Instant started = instant(n, "", "startedAt");
      Map<String, String> tags = stringMap(n, "", "tags");
      return build("", () -> new EpisodeMeta(env, seed, init, policy, operator, started, tags));
    }
  }

  static JsonNode parse(byte[] json, String where) {
    try {
      return MAPPER.readTree(json);
    } catch (IOException e) {
      String msg = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
      throw new IllegalArgumentException(where + ": not valid JSON: " + msg);
    }
  }
}
