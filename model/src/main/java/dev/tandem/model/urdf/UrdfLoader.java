package dev.tandem.model.urdf;

import dev.tandem.model.urdf.UrdfModel.Collision;
import dev.tandem.model.urdf.UrdfModel.Geometry;
import dev.tandem.model.urdf.UrdfModel.Inertial;
import dev.tandem.model.urdf.UrdfModel.Joint;
import dev.tandem.model.urdf.UrdfModel.JointType;
import dev.tandem.model.urdf.UrdfModel.Limit;
import dev.tandem.model.urdf.UrdfModel.Link;
import dev.tandem.model.urdf.UrdfModel.Origin;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.Attributes;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Reads a URDF file into a validated {@link UrdfModel}. Supports what a simulated arm with a
 * gripper needs: links with {@code <inertial>} and primitive {@code <collision>} shapes (box,
 * cylinder, sphere, and the common {@code <capsule radius length>} extension), and revolute,
 * continuous, prismatic and fixed joints. {@code <visual>}, {@code <material>}, {@code <gazebo>},
 * {@code <transmission>}, {@code <mimic>} and {@code <dynamics>} are ignored.
 *
 * <p>Every problem is reported as a {@link UrdfException} naming the file, the line, the element
 * and what was expected: malformed XML, missing or duplicate names, unknown joint types, joints
 * whose parent or child link does not exist, links with two parents, cycles, several roots, limits
 * with lower above upper, non-positive sizes or masses, unparseable numbers, mesh collision
 * geometry.
 */
public final class UrdfLoader {

  private static final String LINE_KEY = "tandem.line";

  private final String source;

  private UrdfLoader(String source) {
    this.source = source;
  }

  /** Reads and validates the URDF file at {@code path}. */
  public static UrdfModel load(Path path) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(path);
    } catch (IOException e) {
      throw new UrdfException(path + ": cannot read URDF file: " + e.getMessage(), e);
    }
    return parse(new String(bytes, StandardCharsets.UTF_8), path.toString());
  }

  /** Reads a URDF from a classpath resource, e.g. {@code /robots/panda.urdf}. */
  public static UrdfModel loadResource(String resource) {
    try (InputStream in = UrdfLoader.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new UrdfException(resource + ": no such URDF resource on the classpath");
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), resource);
    } catch (IOException e) {
      throw new UrdfException(resource + ": cannot read URDF resource: " + e.getMessage(), e);
    }
  }

  /** Parses URDF text; {@code source} names it in error messages. */
  public static UrdfModel parse(String xml, String source) {
    return new UrdfLoader(source).read(xml);
  }

  private UrdfModel read(String xml) {
    Document doc = parseWithLines(xml);
    Element robot = doc.getDocumentElement();
    if (!robot.getTagName().equals("robot")) {
      throw error(robot, "root element", "expected <robot>, found <" + robot.getTagName() + ">");
    }
    String robotName = requiredAttr(robot, "robot", "name");

    Map<String, Link> links = new LinkedHashMap<>();
    List<Joint> joints = new ArrayList<>();
    Set<String> jointNames = new HashSet<>();
    for (Element e : children(robot)) {
      switch (e.getTagName()) {
        case "link" -> {
          Link link = readLink(e);
          if (links.put(link.name(), link) != null) {
            throw error(e, "link '" + link.name() + "'", "duplicate link name");
          }
        }
        case "joint" -> {
          Joint joint = readJoint(e);
          if (!jointNames.add(joint.name())) {
            throw error(e, "joint '" + joint.name() + "'", "duplicate joint name");
          }
          joints.add(joint);
        }
        default -> {
          // material, gazebo, transmission...: not needed for simulation
        }
      }
    }
    if (links.isEmpty()) {
      throw error(robot, "robot '" + robotName + "'", "expected at least one <link>");
    }
    String root = checkTree(links, joints);
    return new UrdfModel(robotName, source, links, joints, root);
  }

  // ---------------------------------------------------------------- tree

  private String checkTree(Map<String, Link> links, List<Joint> joints) {
    Map<String, Joint> parentOf = new HashMap<>();
    Map<String, List<String>> childrenOf = new HashMap<>();
    for (Joint j : joints) {
      String where = "joint '" + j.name() + "'";
      if (!links.containsKey(j.parent())) {
        throw error(j.line(), where, "parent link '" + j.parent() + "' is not defined");
      }
      if (!links.containsKey(j.child())) {
        throw error(j.line(), where, "child link '" + j.child() + "' is not defined");
      }
      if (j.parent().equals(j.child())) {
        throw error(
            j.line(), where, "parent and child are the same link '" + j.child() + "' (a cycle)");
      }
      Joint previous = parentOf.put(j.child(), j);
      if (previous != null) {
        throw error(
            j.line(),
            where,
            "link '"
                + j.child()
                + "' is already the child of joint '"
                + previous.name()
                + "'; a link can have only one parent");
      }
      childrenOf.computeIfAbsent(j.parent(), k -> new ArrayList<>()).add(j.child());
    }
    List<String> roots = links.keySet().stream().filter(l -> !parentOf.containsKey(l)).toList();
    if (roots.isEmpty()) {
      throw new UrdfException(
          source + ": no root link: every link is a joint's child, so the joints form a cycle");
    }
    if (roots.size() > 1) {
      throw new UrdfException(
          source
              + ": several root links "
              + roots
              + ": expected exactly one link that is no joint's child (missing joints?)");
    }
    String root = roots.get(0);
    Set<String> reached = new HashSet<>();
    Deque<String> todo = new ArrayDeque<>(List.of(root));
    while (!todo.isEmpty()) {
      String l = todo.pop();
      if (reached.add(l)) {
        todo.addAll(childrenOf.getOrDefault(l, List.of()));
      }
    }
    if (reached.size() != links.size()) {
      List<String> cut = links.keySet().stream().filter(l -> !reached.contains(l)).toList();
      throw new UrdfException(
          source
              + ": links "
              + cut
              + " are not reachable from root link '"
              + root
              + "': their joints form a cycle");
    }
    return root;
  }

  // ---------------------------------------------------------------- links

  private Link readLink(Element e) {
    String name = requiredAttr(e, "link", "name");
    String where = "link '" + name + "'";
    Optional<Inertial> inertial = Optional.empty();
    List<Collision> collisions = new ArrayList<>();
    for (Element c : children(e)) {
      switch (c.getTagName()) {
        case "inertial" -> {
          if (inertial.isPresent()) {
            throw error(c, where, "more than one <inertial>");
          }
          inertial = Optional.of(readInertial(c, where));
        }
        case "collision" -> collisions.add(readCollision(c, where));
        default -> {
          // visual and others are not simulated
        }
      }
    }
    return new Link(name, inertial, collisions, line(e));
  }

  private Inertial readInertial(Element e, String where) {
    Origin origin = readOrigin(optionalChild(e, "origin"), where);
    Element mass = requiredChild(e, "mass", where + " <inertial>");
    double m = number(mass, "value", where + " <mass>");
    if (!(m > 0)) {
      throw error(mass, where + " <mass>", "value must be positive, found " + m);
    }
    Element in = requiredChild(e, "inertia", where + " <inertial>");
    String w = where + " <inertia>";
    double ixx = number(in, "ixx", w);
    double iyy = number(in, "iyy", w);
    double izz = number(in, "izz", w);
    double ixy = optionalNumber(in, "ixy", w, 0);
    double ixz = optionalNumber(in, "ixz", w, 0);
    double iyz = optionalNumber(in, "iyz", w, 0);
    if (!(ixx > 0 && iyy > 0 && izz > 0)) {
      throw error(in, w, "ixx, iyy, izz must be positive, found " + ixx + ", " + iyy + ", " + izz);
    }
    return new Inertial(origin, m, ixx, iyy, izz, ixy, ixz, iyz);
  }

  private Collision readCollision(Element e, String where) {
    String w = where + " <collision>";
    Origin origin = readOrigin(optionalChild(e, "origin"), w);
    Element geometry = requiredChild(e, "geometry", w);
    List<Element> shapes = children(geometry);
    if (shapes.size() != 1) {
      throw error(
          geometry,
          w + " <geometry>",
          "expected exactly one shape (box, cylinder, sphere, capsule), found " + shapes.size());
    }
    Element s = shapes.get(0);
    String sw = w + " <" + s.getTagName() + ">";
    Geometry g =
        switch (s.getTagName()) {
          case "box" -> {
            double[] size = vector(s, "size", sw, null);
            for (double v : size) {
              if (!(v > 0)) {
                throw error(s, sw, "size must be positive, found " + format(size));
              }
            }
            yield new Geometry.Box(size[0], size[1], size[2]);
          }
          case "cylinder" ->
              new Geometry.Cylinder(positive(s, "radius", sw), positive(s, "length", sw));
          case "capsule" ->
              new Geometry.Capsule(positive(s, "radius", sw), nonNegative(s, "length", sw));
          case "sphere" -> new Geometry.Sphere(positive(s, "radius", sw));
          case "mesh" ->
              throw error(
                  s,
                  sw,
                  "mesh collision geometry is not supported; use box, cylinder, sphere or capsule");
          default -> throw error(s, sw, "unknown shape; expected box, cylinder, sphere or capsule");
        };
    return new Collision(origin, g);
  }

  // ---------------------------------------------------------------- joints

  private Joint readJoint(Element e) {
    String name = requiredAttr(e, "joint", "name");
    String where = "joint '" + name + "'";
    String typeName = requiredAttr(e, where, "type");
    JointType type =
        switch (typeName) {
          case "revolute" -> JointType.REVOLUTE;
          case "continuous" -> JointType.CONTINUOUS;
          case "prismatic" -> JointType.PRISMATIC;
          case "fixed" -> JointType.FIXED;
          case "floating", "planar" ->
              throw error(
                  e,
                  where,
                  "joint type '"
                      + typeName
                      + "' is not supported; expected revolute, continuous, prismatic or fixed");
          default ->
              throw error(
                  e,
                  where,
                  "unknown joint type '"
                      + typeName
                      + "'; expected revolute, continuous, prismatic or fixed");
        };
    String parent = requiredAttr(requiredChild(e, "parent", where), where + " <parent>", "link");
    String child = requiredAttr(requiredChild(e, "child", where), where + " <child>", "link");
    Origin origin = readOrigin(optionalChild(e, "origin"), where);
    double[] axis = {1, 0, 0};
    Element axisEl = optionalChild(e, "axis");
    if (axisEl != null) {
      axis = vector(axisEl, "xyz", where + " <axis>", null);
      double n = Math.sqrt(axis[0] * axis[0] + axis[1] * axis[1] + axis[2] * axis[2]);
      if (!(n > 1e-9)) {
        throw error(axisEl, where + " <axis>", "axis must be non-zero, found " + format(axis));
      }
      for (int i = 0; i < 3; i++) {
        axis[i] /= n;
      }
    }
    Optional<Limit> limit = Optional.empty();
    Element limitEl = optionalChild(e, "limit");
    if (type == JointType.REVOLUTE || type == JointType.PRISMATIC) {
      if (limitEl == null) {
        throw error(e, where, "a " + typeName + " joint needs <limit lower upper effort velocity>");
      }
      limit = Optional.of(readLimit(limitEl, where, false));
    } else if (type == JointType.CONTINUOUS) {
      if (limitEl == null) {
        throw error(e, where, "a continuous joint needs <limit effort velocity>");
      }
      limit = Optional.of(readLimit(limitEl, where, true));
    }
    return new Joint(name, type, parent, child, origin, axis, limit, line(e));
  }

  private Limit readLimit(Element e, String where, boolean continuous) {
    String w = where + " <limit>";
    double lower = continuous ? Double.NEGATIVE_INFINITY : optionalNumber(e, "lower", w, 0.0);
    double upper = continuous ? Double.POSITIVE_INFINITY : optionalNumber(e, "upper", w, 0.0);
    double effort = number(e, "effort", w);
    double velocity = number(e, "velocity", w);
    if (!(lower <= upper)) {
      throw error(e, w, "lower " + lower + " is above upper " + upper);
    }
    if (!(effort > 0)) {
      throw error(e, w, "effort must be positive, found " + effort);
    }
    if (!(velocity > 0)) {
      throw error(e, w, "velocity must be positive, found " + velocity);
    }
    return new Limit(lower, upper, effort, velocity);
  }

  private Origin readOrigin(Element e, String where) {
    if (e == null) {
      return Origin.IDENTITY;
    }
    String w = where + " <origin>";
    return new Origin(vector(e, "xyz", w, new double[3]), vector(e, "rpy", w, new double[3]));
  }

  // ---------------------------------------------------------------- XML helpers

  private Document parseWithLines(String xml) {
    try {
      Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().newDocument();
      SAXParserFactory factory = SAXParserFactory.newInstance();
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      SAXParser parser = factory.newSAXParser();
      parser.parse(
          new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)),
          new DefaultHandler() {
            private Locator locator;
            private final Deque<Node> stack = new ArrayDeque<>(List.of(doc));

            @Override
            public void setDocumentLocator(Locator l) {
              locator = l;
            }

            @Override
            public void startElement(String uri, String local, String qName, Attributes attrs) {
              Element el = doc.createElement(qName);
              for (int i = 0; i < attrs.getLength(); i++) {
                el.setAttribute(attrs.getQName(i), attrs.getValue(i));
              }
              el.setUserData(LINE_KEY, locator == null ? 0 : locator.getLineNumber(), null);
              stack.peek().appendChild(el);
              stack.push(el);
            }

            @Override
            public void endElement(String uri, String local, String qName) {
              stack.pop();
            }
          });
      return doc;
    } catch (SAXParseException e) {
      throw new UrdfException(
          source + ":" + e.getLineNumber() + ": malformed XML: " + e.getMessage(), e);
    } catch (SAXException | ParserConfigurationException | IOException e) {
      throw new UrdfException(source + ": cannot parse XML: " + e.getMessage(), e);
    }
  }

  private static List<Element> children(Element e) {
    List<Element> out = new ArrayList<>();
    NodeList nodes = e.getChildNodes();
    for (int i = 0; i < nodes.getLength(); i++) {
      if (nodes.item(i) instanceof Element c) {
        out.add(c);
      }
    }
    return out;
  }

  private static Element optionalChild(Element e, String tag) {
    for (Element c : children(e)) {
      if (c.getTagName().equals(tag)) {
        return c;
      }
    }
    return null;
  }

  private Element requiredChild(Element e, String tag, String where) {
    Element c = optionalChild(e, tag);
    if (c == null) {
      throw error(e, where, "missing <" + tag + ">");
    }
    return c;
  }

  private String requiredAttr(Element e, String where, String attr) {
    String v = e.getAttribute(attr);
    if (v == null || v.isBlank()) {
      throw error(e, where, "missing attribute '" + attr + "'");
    }
    return v.trim();
  }

  private double number(Element e, String attr, String where) {
    return parseNumber(e, attr, where, requiredAttr(e, where, attr));
  }

  private double optionalNumber(Element e, String attr, String where, double dflt) {
    String v = e.getAttribute(attr);
    return v == null || v.isBlank() ? dflt : parseNumber(e, attr, where, v.trim());
  }

  private double positive(Element e, String attr, String where) {
    double v = number(e, attr, where);
    if (!(v > 0)) {
      throw error(e, where, attr + " must be positive, found " + v);
    }
    return v;
  }

  private double nonNegative(Element e, String attr, String where) {
    double v = number(e, attr, where);
    if (!(v >= 0)) {
      throw error(e, where, attr + " must not be negative, found " + v);
    }
    return v;
  }

  private double parseNumber(Element e, String attr, String where, String text) {
    try {
      double v = Double.parseDouble(text);
      if (!Double.isFinite(v)) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException ex) {
      throw error(e, where, attr + ": expected a finite number, found '" + text + "'");
    }
  }

  private double[] vector(Element e, String attr, String where, double[] dflt) {
    String text = e.getAttribute(attr);
    if (text == null || text.isBlank()) {
      if (dflt != null) {
        return dflt;
      }
      throw error(e, where, "missing attribute '" + attr + "' (3 numbers)");
    }
    String[] parts = text.trim().split("\\s+");
    if (parts.length != 3) {
      throw error(e, where, attr + ": expected 3 numbers, found '" + text.trim() + "'");
    }
    double[] out = new double[3];
    for (int i = 0; i < 3; i++) {
      try {
        out[i] = Double.parseDouble(parts[i]);
      } catch (NumberFormatException ex) {
        throw error(e, where, attr + ": expected 3 numbers, found '" + text.trim() + "'");
      }
      if (!Double.isFinite(out[i])) {
        throw error(e, where, attr + ": expected finite numbers, found '" + text.trim() + "'");
      }
    }
    return out;
  }

  private static int line(Element e) {
    Object l = e.getUserData(LINE_KEY);
    return l instanceof Integer i ? i : 0;
  }

  private UrdfException error(Element e, String where, String what) {
    return error(line(e), where, what);
  }

  private UrdfException error(int line, String where, String what) {
    return new UrdfException(source + ":" + line + ": " + where + ": " + what);
  }

  private static String format(double[] v) {
    StringBuilder sb = new StringBuilder();
    for (double d : v) {
      sb.append(sb.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%g", d));
    }
    return "'" + sb + "'";
  }
}
