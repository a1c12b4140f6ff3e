package dev.tandem.core.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.Deserializers;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Loads YAML config files into Java records.
 *
 * <ul>
 *   <li>Unknown keys are errors (with the list of known keys).
 *   <li>{@code type:} selects the record: at the top of a file among every registered name, inside
 *       a file among the implementations of the field's declared family (see {@link
 *       ConfigRegistry}).
 *   <li>{@code --set a.b=value} overrides are applied to the tree before binding; the value is
 *       parsed as YAML, so {@code --set seeds=[1,2,3]} works.
 *   <li>Every error is a {@link ConfigException} naming the file and line (or the override), the
 *       field path, the value found and what was expected. Compact constructors report range and
 *       cross-field problems with messages starting {@code "field: "} (see {@link ConfigChecks}).
 *   <li>What a file states is taken as stated or refused, never silently replaced: a fraction where
 *       an integer is expected ({@code demos: 5.5}), an empty value ({@code demos:}, {@code demos:
 *       ''}, {@code --set demos=}) and an empty list that the record would replace by its default
 *       ({@code seeds: []}) are errors. Leaving a key out is how a default is asked for.
 * </ul>
 */
public final class ConfigLoader {
  private static final String TYPE = "type";

  private final ConfigRegistry registry;
  private final ObjectMapper yaml;

  public ConfigLoader(ConfigRegistry registry) {
    this.registry = registry;
    YAMLFactory factory = new YAMLFactory();
    factory.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    this.yaml = new ObjectMapper(factory);
    yaml.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    yaml.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    yaml.enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
    yaml.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    yaml.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
    yaml.coercionConfigDefaults().setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
    yaml.registerModule(
        new SimpleModule("tandem-config-families") {
          @Override
          public void setupModule(SetupContext context) {
            super.setupModule(context);
            context.addDeserializers(new FamilyDeserializers());
            context.addBeanDeserializerModifier(new RequirePrimitives());
          }
        });
  }

  /** A loader over every {@link ConfigModule} on the class path. */
  public static ConfigLoader discover() {
    return new ConfigLoader(ConfigRegistry.discover());
  }

  public ConfigRegistry registry() {
    return registry;
  }

  /** Loads a file whose top-level {@code type:} names any registered record. */
  public Object load(Path file, List<String> overrides) {
    Parsed p = parse(file, overrides);
    JsonNode typeNode = p.root.get(TYPE);
    if (typeNode == null || !typeNode.isTextual()) {
      throw new ConfigException(
          p.source(), 1, TYPE, "missing; expected one of " + registry.allNames(), null);
    }
    String name = typeNode.asText();
    List<Class<?>> candidates = registry.byName(name);
    if (candidates.isEmpty()) {
      throw new ConfigException(
          p.source(),
          p.lineOf("/" + TYPE),
          TYPE,
          "found '" + name + "', expected one of " + registry.allNames(),
          null);
    }
    if (candidates.size() > 1) {
      throw new ConfigException(
          p.source(),
          p.lineOf("/" + TYPE),
          TYPE,
          "'" + name + "' is ambiguous at the top of a file: " + candidates,
          null);
    }
    ((ObjectNode) p.root).remove(TYPE);
    return bind(p, candidates.get(0));
  }

  /**
   * Loads a file as {@code type}. If {@code type} is a registered family, {@code type:} picks the
   * implementation; otherwise the file is bound to {@code type} directly.
   */
  public <T> T load(Path file, Class<T> type, List<String> overrides) {
    Parsed p = parse(file, overrides);
    JsonNode typeNode = p.root.get(TYPE);
    if (!registry.isFamily(type) && typeNode != null && typeNode.isTextual()) {
      // a file of a concrete record may still say which it is: check and drop the key
      if (!registry.byName(typeNode.asText()).contains(type)) {
        throw new ConfigException(
            p.source(),
            p.lineOf("/" + TYPE),
            TYPE,
            "found '" + typeNode.asText() + "', expected a " + type.getSimpleName() + " config",
            null);
      }
      ((ObjectNode) p.root).remove(TYPE);
    }
    return type.cast(bind(p, type));
  }

  /** Parses a YAML string (for tests and embedded defaults); {@code name} stands for the file. */
  public <T> T loadString(String name, String text, Class<T> type, List<String> overrides) {
    Parsed p = parseText(name, text, overrides);
    return type.cast(bind(p, type));
  }

  private Parsed parse(Path file, List<String> overrides) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new ConfigException(file, "no such file");
    } catch (IOException e) {
      throw new ConfigException(file, "cannot read: " + e.getMessage());
    }
    return parseText(file.toString(), text, overrides);
  }

  private Parsed parseText(String name, String text, List<String> overrides) {
    Map<String, Integer> lines = new HashMap<>();
    JsonNode root;
    try {
      root = yaml.readTree(text);
      indexLines(text, lines);
    } catch (JsonProcessingException e) {
      throw syntaxError(name, e);
    } catch (IOException e) {
      throw new ConfigException(name, -1, "", "cannot read: " + e.getMessage(), e);
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      root = JsonNodeFactory.instance.objectNode();
    }
    if (!root.isObject()) {
      throw new ConfigException(
          name,
          1,
          "",
          "found a " + root.getNodeType().name().toLowerCase() + ", expected a mapping of keys",
          null);
    }
    Map<String, String> overridden = new HashMap<>();
    for (String o : overrides) {
      applyOverride((ObjectNode) root, o, overridden);
    }
    return new Parsed(name, root, lines, overridden);
  }

  /**
   * One line at the problem's own line and column. SnakeYAML's message spans several lines
   * (context, problem, the source line and a caret) and Jackson's location is the context's start,
   * which for a tab is the line before it.
   */
  private static ConfigException syntaxError(String name, JsonProcessingException e) {
    if (e.getCause() instanceof MarkedYAMLException m && m.getProblemMark() != null) {
      String problem =
          oneLine(m.getProblem())
              .replace("character '\\t(TAB)'", "a tab")
              .replace("\\t(TAB)", "tabs");
      if (m.getContextMark() != null && m.getContext() != null) {
        problem +=
            " ("
                + oneLine(m.getContext())
                + " at line "
                + (m.getContextMark().getLine() + 1)
                + ", column "
                + (m.getContextMark().getColumn() + 1)
                + ")";
      }
      return new ConfigException(
          name,
          m.getProblemMark().getLine() + 1,
          m.getProblemMark().getColumn() + 1,
          "",
          "not valid YAML: " + problem,
          e);
    }
    int line = e.getLocation() == null ? -1 : e.getLocation().getLineNr();
    return new ConfigException(
        name, line, "", "not valid YAML: " + oneLine(e.getOriginalMessage()), e);
  }

  private static String oneLine(String text) {
    return text == null ? "" : text.strip().replaceAll("\\s*\\n\\s*", " ");
  }

  private void indexLines(String text, Map<String, Integer> lines) throws IOException {
    try (JsonParser parser = yaml.getFactory().createParser(text)) {
      JsonToken t;
      while ((t = parser.nextToken()) != null) {
        if (t == JsonToken.FIELD_NAME || t.isScalarValue() || t.isStructStart()) {
          String pointer = parser.getParsingContext().pathAsPointer().toString();
          lines.putIfAbsent(pointer, parser.currentTokenLocation().getLineNr());
        }
      }
    }
  }

  private void applyOverride(ObjectNode root, String override, Map<String, String> overridden) {
    int eq = override.indexOf('=');
    if (eq <= 0) {
      throw new ConfigException(
          "--set " + override,
          -1,
          "",
          "expected key.path=value, e.g. --set policy.epochs=10",
          null);
    }
    String path = override.substring(0, eq).trim();
    String valueText = override.substring(eq + 1);
    JsonNode value;
    try {
      value =
          valueText.isEmpty() ? JsonNodeFactory.instance.textNode("") : yaml.readTree(valueText);
    } catch (JsonProcessingException e) {
      throw new ConfigException(
          "--set " + override, -1, path, "value is not valid YAML: " + e.getOriginalMessage(), e);
    }
    String[] parts = path.split("\\.");
    JsonNode node = root;
    StringBuilder pointer = new StringBuilder();
    for (int i = 0; i < parts.length; i++) {
      String part = parts[i];
      boolean last = i == parts.length - 1;
      if (part.isEmpty()) {
        throw new ConfigException("--set " + override, -1, path, "empty key in the path", null);
      }
      pointer.append('/').append(part);
      if (node instanceof ObjectNode obj) {
        if (last) {
          obj.set(part, value);
        } else {
          JsonNode child = obj.get(part);
          if (child == null || !(child.isContainerNode())) {
            child = obj.putObject(part);
          }
          node = child;
        }
      } else if (node instanceof ArrayNode arr) {
        int index;
        try {
          index = Integer.parseInt(part);
        } catch (NumberFormatException e) {
          throw new ConfigException(
              "--set " + override,
              -1,
              path,
              "'" + part + "' indexes a list, expected a number",
              null);
        }
        if (index < 0 || index >= arr.size()) {
          throw new ConfigException(
              "--set " + override,
              -1,
              path,
              "index " + index + " is outside the list of " + arr.size() + " items",
              null);
        }
        if (last) {
          arr.set(index, value);
        } else {
          node = arr.get(index);
        }
      } else {
        throw new ConfigException(
            "--set " + override, -1, path, "'" + part + "' is inside a plain value", null);
      }
    }
    overridden.put(pointer.toString(), "--set " + override);
  }

  private Object bind(Parsed p, Class<?> type) {
    refuseEmptyValues(p, p.root, type, new ArrayList<>());
    Object bound;
    try {
      bound = yaml.treeToValue(p.root, type);
    } catch (ConfigException e) {
      throw e;
    } catch (JsonMappingException e) {
      throw translate(p, e);
    } catch (JsonProcessingException e) {
      throw new ConfigException(p.source(), -1, "", e.getOriginalMessage(), e);
    } catch (IllegalArgumentException e) {
      // treeToValue wraps some mapping problems
      if (e.getCause() instanceof JsonMappingException jme) {
        throw translate(p, jme);
      }
      throw new ConfigException(p.source(), -1, "", e.getMessage(), e);
    }
    refuseReplacedEmptyLists(p, p.root, bound, new ArrayList<>());
    return bound;
  }

  /**
   * An empty value ({@code demos:} or {@code ~}) would reach the record as null, which means "not
   * given, use the default": refused, naming what the field expects.
   */
  private void refuseEmptyValues(
      Parsed p, JsonNode node, java.lang.reflect.Type type, List<String> path) {
    if (node.isNull()) {
      Class<?> raw = rawClass(type);
      throw p.error(
          path,
          "found an empty value, expected "
              + (raw == null || raw == Object.class ? "a value" : describe(raw))
              + " (leave the key out to get the default)",
          null);
    }
    if (node.isArray()) {
      java.lang.reflect.Type element = typeArgument(type, 0);
      for (int i = 0; i < node.size(); i++) {
        path.add(Integer.toString(i));
        refuseEmptyValues(p, node.get(i), element, path);
        path.remove(path.size() - 1);
      }
    } else if (node.isObject()) {
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        path.add(field.getKey());
        refuseEmptyValues(p, field.getValue(), fieldType(node, type, field.getKey()), path);
        path.remove(path.size() - 1);
      }
    }
  }

  /** The declared type of {@code key} in a mapping bound to {@code type}; null when unknown. */
  private java.lang.reflect.Type fieldType(JsonNode node, java.lang.reflect.Type type, String key) {
    Class<?> raw = rawClass(type);
    if (raw == null) {
      return null;
    }
    if (Map.class.isAssignableFrom(raw)) {
      return typeArgument(type, 1);
    }
    if (registry.isFamily(raw) && !raw.isRecord()) {
      JsonNode name = node.get(TYPE);
      raw = name == null ? null : registry.families().get(raw).get(name.asText());
    }
    if (raw == null || !raw.isRecord()) {
      return null;
    }
    for (java.lang.reflect.RecordComponent rc : raw.getRecordComponents()) {
      if (rc.getName().equals(key)) {
        return rc.getGenericType();
      }
    }
    return null;
  }

  private static Class<?> rawClass(java.lang.reflect.Type t) {
    if (t instanceof Class<?> c) {
      return c;
    }
    if (t instanceof java.lang.reflect.ParameterizedType pt) {
      return rawClass(pt.getRawType());
    }
    return null;
  }

  private static java.lang.reflect.Type typeArgument(java.lang.reflect.Type t, int index) {
    if (t instanceof java.lang.reflect.ParameterizedType pt
        && pt.getActualTypeArguments().length > index) {
      return pt.getActualTypeArguments()[index];
    }
    return null;
  }

  /**
   * An empty list in the file that the record replaced by a non-empty default ({@code seeds: []}
   * becoming {@code [0]}) was not taken as written: the record needs at least one value there.
   */
  private static void refuseReplacedEmptyLists(
      Parsed p, JsonNode node, Object value, List<String> path) {
    if (node.isArray()) {
      if (node.isEmpty() && value instanceof Collection<?> c && !c.isEmpty()) {
        throw p.error(
            path,
            "found [], expected a non-empty list (leave the key out to get the default " + c + ")",
            null);
      }
      if (value instanceof List<?> list && list.size() == node.size()) {
        for (int i = 0; i < node.size(); i++) {
          path.add(Integer.toString(i));
          refuseReplacedEmptyLists(p, node.get(i), list.get(i), path);
          path.remove(path.size() - 1);
        }
      }
    } else if (node.isObject() && value != null) {
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        Object child = componentValue(value, field.getKey());
        if (child != null) {
          path.add(field.getKey());
          refuseReplacedEmptyLists(p, field.getValue(), child, path);
          path.remove(path.size() - 1);
        }
      }
    }
  }

  /** The value of a record component or map entry by name; null when there is none. */
  private static Object componentValue(Object owner, String name) {
    if (owner instanceof Map<?, ?> m) {
      return m.get(name);
    }
    if (!owner.getClass().isRecord()) {
      return null;
    }
    for (java.lang.reflect.RecordComponent rc : owner.getClass().getRecordComponents()) {
      if (rc.getName().equals(name)) {
        try {
          java.lang.reflect.Method accessor = rc.getAccessor();
          accessor.setAccessible(true);
          return accessor.invoke(owner);
        } catch (ReflectiveOperationException | RuntimeException e) {
          return null;
        }
      }
    }
    return null;
  }

  private ConfigException translate(Parsed p, JsonMappingException e) {
    if (e.getCause() instanceof ConfigException ce) {
      return ce;
    }
    List<String> path = new ArrayList<>();
    for (JsonMappingException.Reference r : e.getPath()) {
      if (r.getFieldName() != null) {
        path.add(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        path.add(Integer.toString(r.getIndex()));
      }
    }
    String problem;
    if (e instanceof UnrecognizedPropertyException u) {
      List<String> known =
          u.getKnownPropertyIds() == null
              ? List.of()
              : u.getKnownPropertyIds().stream().map(Object::toString).sorted().toList();
      problem = "unknown key; expected one of " + known;
    } else if (e instanceof InvalidFormatException f) {
      problem = "found " + quote(f.getValue()) + ", expected " + describe(f.getTargetType());
    } else if (e instanceof ValueInstantiationException v) {
      Throwable cause = v.getCause() != null ? v.getCause() : v;
      String message = cause.getMessage() == null ? cause.toString() : cause.getMessage();
      int colon = message.indexOf(": ");
      if (colon > 0 && message.substring(0, colon).matches("[A-Za-z][A-Za-z0-9_.]*")) {
        path.add(message.substring(0, colon));
        message = message.substring(colon + 2);
      }
      problem = message;
    } else if (e instanceof MismatchedInputException m) {
      JsonNode found = p.at(path);
      problem =
          "found "
              + (found == null || found.isMissingNode() ? "nothing" : quote(found))
              + ", expected "
              + describe(m.getTargetType());
    } else {
      problem = e.getOriginalMessage();
    }
    return p.error(path, problem, e);
  }

  private static String quote(Object v) {
    if (v instanceof JsonNode n) {
      return n.isTextual() ? "'" + n.asText() + "'" : n.toString();
    }
    return v instanceof String s ? "'" + s + "'" : String.valueOf(v);
  }

  private static String describe(Class<?> t) {
    if (t == null) {
      return "a different kind of value";
    }
    if (t == int.class || t == Integer.class || t == long.class || t == Long.class) {
      return "an integer";
    }
    if (t == double.class || t == Double.class || t == float.class || t == Float.class) {
      return "a number";
    }
    if (t == boolean.class || t == Boolean.class) {
      return "true or false";
    }
    if (t == String.class) {
      return "a string";
    }
    if (t.isEnum()) {
      return "one of "
          + java.util.Arrays.stream(t.getEnumConstants())
              .map(Object::toString)
              .collect(Collectors.toList());
    }
    if (List.class.isAssignableFrom(t) || t.isArray()) {
      return "a list";
    }
    if (Map.class.isAssignableFrom(t) || t.isRecord()) {
      return "a mapping of keys (" + t.getSimpleName() + ")";
    }
    return "a " + t.getSimpleName();
  }

  private record Parsed(
      String source, JsonNode root, Map<String, Integer> lines, Map<String, String> overridden) {
    /** An error at {@code path}, in the file at its line or in the override that set it. */
    ConfigException error(List<String> path, String problem, Throwable cause) {
      String pointer = path.isEmpty() ? "" : "/" + String.join("/", path);
      String where = source;
      for (Map.Entry<String, String> o : overridden.entrySet()) {
        if (pointer.equals(o.getKey()) || pointer.startsWith(o.getKey() + "/")) {
          where = o.getValue();
        }
      }
      int line = where.equals(source) ? lineOf(pointer) : -1;
      return new ConfigException(where, line, String.join(".", path), problem, cause);
    }

    int lineOf(String pointer) {
      String p = pointer;
      while (true) {
        Integer line = lines.get(p);
        if (line != null) {
          return line;
        }
        int slash = p.lastIndexOf('/');
        if (slash < 0) {
          return lines.getOrDefault("", -1);
        }
        p = p.substring(0, slash);
      }
    }

    JsonNode at(List<String> path) {
      JsonNode n = root;
      for (String part : path) {
        if (n == null) {
          return null;
        }
        n = n.isArray() && part.matches("\\d+") ? n.get(Integer.parseInt(part)) : n.get(part);
      }
      return n;
    }
  }

  /** Resolves {@code type:} for fields declared as a registered family. */
  private final class FamilyDeserializers extends Deserializers.Base {
    @Override
    public JsonDeserializer<?> findBeanDeserializer(
        JavaType type, DeserializationConfig config, BeanDescription beanDesc) {
      Class<?> raw = type.getRawClass();
      if (registry.isFamily(raw) && !raw.isRecord()) {
        return new FamilyDeserializer(raw);
      }
      return null;
    }
  }

  private final class FamilyDeserializer extends JsonDeserializer<Object> {
    private final Class<?> family;

    FamilyDeserializer(Class<?> family) {
      this.family = family;
    }

    @Override
    public Object deserialize(JsonParser parser, DeserializationContext ctxt) throws IOException {
      JsonNode node = ctxt.readTree(parser);
      List<String> names = registry.names(family);
      if (node.isTextual()) {
        // shorthand: "weighting: sirius" selects the type with all defaults
        ObjectNode obj = JsonNodeFactory.instance.objectNode();
        obj.put(TYPE, node.asText());
        node = obj;
      }
      if (!node.isObject()) {
        throw MismatchedInputException.from(
            parser, family, "expected a mapping with 'type:' one of " + names);
      }
      JsonNode typeNode = node.get(TYPE);
      if (typeNode == null || !typeNode.isTextual()) {
        throw ValueInstantiationException.from(
            parser,
            "type",
            ctxt.constructType(family),
            new IllegalArgumentException("type: missing, expected one of " + names));
      }
      Class<?> impl = registry.families().get(family).get(typeNode.asText());
      if (impl == null) {
        throw ValueInstantiationException.from(
            parser,
            "type",
            ctxt.constructType(family),
            new IllegalArgumentException(
                "type: found '" + typeNode.asText() + "', expected one of " + names));
      }
      ObjectNode copy = ((ObjectNode) node).deepCopy();
      copy.remove(TYPE);
      try (JsonParser sub = copy.traverse(parser.getCodec())) {
        sub.nextToken();
        return ctxt.readValue(sub, impl);
      }
    }
  }

  /**
   * A record component of primitive type has no "absent" value: Jackson would silently give it 0 or
   * false. Such keys are required; wrapper-typed components may be left out (the compact
   * constructor supplies the default). A record read through a {@code @JsonCreator} factory of its
   * own says itself which keys it takes and what an absent one means.
   */
  private static final class RequirePrimitives
      extends com.fasterxml.jackson.databind.deser.BeanDeserializerModifier {
    @Override
    public JsonDeserializer<?> modifyDeserializer(
        DeserializationConfig config, BeanDescription beanDesc, JsonDeserializer<?> deserializer) {
      Class<?> c = beanDesc.getBeanClass();
      if (!c.isRecord() || hasOwnCreator(c)) {
        return deserializer;
      }
      List<String> required = new ArrayList<>();
      for (java.lang.reflect.RecordComponent rc : c.getRecordComponents()) {
        if (rc.getType().isPrimitive()) {
          required.add(rc.getName());
        }
      }
      if (required.isEmpty()) {
        return deserializer;
      }
      return new RequiredKeysDeserializer(deserializer, c, required);
    }
  }

  private static boolean hasOwnCreator(Class<?> c) {
    for (java.lang.reflect.Method m : c.getDeclaredMethods()) {
      if (java.lang.reflect.Modifier.isStatic(m.getModifiers())
          && m.isAnnotationPresent(com.fasterxml.jackson.annotation.JsonCreator.class)) {
        return true;
      }
    }
    for (java.lang.reflect.Constructor<?> k : c.getDeclaredConstructors()) {
      if (k.isAnnotationPresent(com.fasterxml.jackson.annotation.JsonCreator.class)) {
        return true;
      }
    }
    return false;
  }

  private static final class RequiredKeysDeserializer
      extends com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer {
    private final Class<?> type;
    private final List<String> required;

    RequiredKeysDeserializer(JsonDeserializer<?> delegate, Class<?> type, List<String> required) {
      super(delegate);
      this.type = type;
      this.required = required;
    }

    @Override
    protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> newDelegatee) {
      return new RequiredKeysDeserializer(newDelegatee, type, required);
    }

    @Override
    public Object deserialize(JsonParser parser, DeserializationContext ctxt) throws IOException {
      JsonNode node = ctxt.readTree(parser);
      if (node.isObject()) {
        for (String key : required) {
          if (!node.has(key)) {
            throw ValueInstantiationException.from(
                parser,
                key,
                ctxt.constructType(type),
                new IllegalArgumentException(key + ": missing, a value is required"));
          }
        }
      }
      try (JsonParser sub = node.traverse(parser.getCodec())) {
        sub.nextToken();
        return _delegatee.deserialize(sub, ctxt);
      }
    }
  }
}
