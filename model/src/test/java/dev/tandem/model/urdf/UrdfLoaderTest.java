package dev.tandem.model.urdf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.spec.RobotSpec;
import dev.tandem.model.RobotModel;
import dev.tandem.model.urdf.UrdfModel.JointType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class UrdfLoaderTest {

  static final Path PANDA = Path.of("../configs/robots/panda.urdf");

  @Test
  void loadsThePandaFromConfigs() {
    UrdfModel m = UrdfLoader.load(PANDA);
    assertThat(m.name()).isEqualTo("panda");
    assertThat(m.rootLink()).isEqualTo("panda_link0");
    assertThat(m.joints().stream().filter(j -> j.type() == JointType.REVOLUTE)).hasSize(7);
    assertThat(m.joints().stream().filter(j -> j.type() == JointType.PRISMATIC)).hasSize(2);
    UrdfModel.Joint j4 = m.joint("panda_joint4");
    assertThat(j4.limit().orElseThrow().lower()).isEqualTo(-3.0718);
    assertThat(j4.limit().orElseThrow().upper()).isEqualTo(-0.0698);
    assertThat(m.link("panda_link1").collisions()).hasSize(1);
  }

  @Test
  void classpathCopyIsTheConfigFile() throws Exception {
    UrdfModel fromClasspath = UrdfLoader.loadResource("/robots/panda.urdf");
    assertThat(fromClasspath.joints()).hasSameSizeAs(UrdfLoader.load(PANDA).joints());
  }

  @Test
  void producesTheRobotSpec() {
    RobotModel model =
        RobotModel.of(
            UrdfLoader.load(PANDA),
            "panda_hand_tcp",
            List.of("panda_finger_joint1", "panda_finger_joint2"));
    RobotSpec spec =
        model.robotSpec(
            new RobotSpec.CartesianLimits(1.7, new double[] {0, -1, 0}, new double[] {1, 1, 1}));
    assertThat(spec.dof()).isEqualTo(7);
    assertThat(spec.joints().get(0).name()).isEqualTo("panda_joint1");
    assertThat(spec.joint("panda_joint6").upperPosition()).isEqualTo(3.7525);
    assertThat(spec.joint("panda_joint5").maxEffort()).isEqualTo(12);
    assertThat(spec.gripper().orElseThrow().maxOpeningMeters()).isEqualTo(0.08);
    assertThat(spec.endEffectorLink()).isEqualTo("panda_hand_tcp");
    // links 7, 8, hand and tcp are merged into the body moved by joint 7
    assertThat(model.bodies()).hasSize(10);
    assertThat(model.bodies().get(7).links())
        .containsExactly("panda_link7", "panda_link8", "panda_hand", "panda_hand_tcp");
    assertThat(model.bodies().get(7).mass()).isCloseTo(0.735522 + 0.73, within(1e-9));
  }

  private static org.assertj.core.data.Offset<Double> within(double d) {
    return org.assertj.core.data.Offset.offset(d);
  }

  private static final String LINKS =
      """
      <link name="a"><inertial><mass value="1"/><inertia ixx="1" iyy="1" izz="1"/></inertial></link>
      <link name="b"><inertial><mass value="1"/><inertia ixx="1" iyy="1" izz="1"/></inertial></link>
      """;

  private static String robot(String body) {
    return "<robot name=\"r\">\n" + body + "\n</robot>\n";
  }

  private static String joint(String type, String parent, String child, String extra) {
    return "<joint name=\"j\" type=\""
        + type
        + "\"><parent link=\""
        + parent
        + "\"/><child link=\""
        + child
        + "\"/>"
        + extra
        + "</joint>";
  }

  private static final String LIMIT =
      "<limit lower=\"-1\" upper=\"1\" effort=\"10\" velocity=\"1\"/>";

  static Stream<Arguments> brokenFiles() {
    return Stream.of(
        Arguments.of("unclosed tag", "<robot name=\"r\"><link name=\"a\">", "malformed XML"),
        Arguments.of("not a robot", "<model name=\"r\"/>", "expected <robot>, found <model>"),
        Arguments.of(
            "robot without name", "<robot><link name=\"a\"/></robot>", "missing attribute 'name'"),
        Arguments.of("no links", robot(""), "expected at least one <link>"),
        Arguments.of(
            "missing parent link",
            robot(LINKS + joint("revolute", "nope", "b", LIMIT)),
            "joint 'j': parent link 'nope' is not defined"),
        Arguments.of(
            "missing child link",
            robot(LINKS + joint("revolute", "a", "nope", LIMIT)),
            "joint 'j': child link 'nope' is not defined"),
        Arguments.of(
            "cycle through two joints",
            robot(
                LINKS
                    + "<link name=\"c\"/>"
                    + joint("fixed", "a", "b", "").replace("name=\"j\"", "name=\"j1\"")
                    + joint("fixed", "b", "a", "").replace("name=\"j\"", "name=\"j2\"")
                    + joint("fixed", "c", "c", "").replace("name=\"j\"", "name=\"j3\"")),
            "a cycle"),
        Arguments.of(
            "cycle detached from the root",
            robot(
                LINKS
                    + "<link name=\"root\"/>"
                    + joint("fixed", "a", "b", "").replace("name=\"j\"", "name=\"j1\"")
                    + joint("fixed", "b", "a", "").replace("name=\"j\"", "name=\"j2\"")),
            "not reachable from root link 'root'"),
        Arguments.of(
            "link with two parents",
            robot(
                LINKS
                    + "<link name=\"c\"/>"
                    + joint("fixed", "a", "b", "").replace("name=\"j\"", "name=\"j1\"")
                    + joint("fixed", "c", "b", "").replace("name=\"j\"", "name=\"j2\"")),
            "link 'b' is already the child of joint 'j1'"),
        Arguments.of(
            "two roots",
            robot(LINKS + "<link name=\"c\"/>" + joint("fixed", "a", "b", "")),
            "several root links [a, c]"),
        Arguments.of(
            "lower limit above upper",
            robot(
                LINKS
                    + joint(
                        "revolute",
                        "a",
                        "b",
                        "<limit lower=\"1.5\" upper=\"-0.5\" effort=\"10\" velocity=\"1\"/>")),
            "joint 'j' <limit>: lower 1.5 is above upper -0.5"),
        Arguments.of(
            "unknown joint type",
            robot(LINKS + joint("hinge", "a", "b", LIMIT)),
            "unknown joint type 'hinge'; expected revolute, continuous, prismatic or fixed"),
        Arguments.of(
            "floating joint",
            robot(LINKS + joint("floating", "a", "b", "")),
            "joint type 'floating' is not supported"),
        Arguments.of(
            "revolute without limit",
            robot(LINKS + joint("revolute", "a", "b", "")),
            "a revolute joint needs <limit lower upper effort velocity>"),
        Arguments.of(
            "negative effort",
            robot(
                LINKS
                    + joint(
                        "prismatic",
                        "a",
                        "b",
                        "<limit lower=\"0\" upper=\"1\" effort=\"-2\" velocity=\"1\"/>")),
            "effort must be positive, found -2.0"),
        Arguments.of(
            "origin with two numbers",
            robot(LINKS + joint("fixed", "a", "b", "<origin xyz=\"0 1\"/>")),
            "joint 'j' <origin>: xyz: expected 3 numbers, found '0 1'"),
        Arguments.of(
            "axis not a number",
            robot(LINKS + joint("revolute", "a", "b", "<axis xyz=\"0 0 z\"/>" + LIMIT)),
            "xyz: expected 3 numbers, found '0 0 z'"),
        Arguments.of(
            "zero axis",
            robot(LINKS + joint("revolute", "a", "b", "<axis xyz=\"0 0 0\"/>" + LIMIT)),
            "axis must be non-zero"),
        Arguments.of(
            "duplicate link", robot(LINKS + "<link name=\"a\"/>"), "link 'a': duplicate link name"),
        Arguments.of(
            "joint without parent",
            robot(LINKS + "<joint name=\"j\" type=\"fixed\"><child link=\"b\"/></joint>"),
            "joint 'j': missing <parent>"),
        Arguments.of(
            "negative box",
            robot(
                "<link name=\"a\"><collision><geometry><box size=\"0.1 -0.2 0.1\"/></geometry>"
                    + "</collision></link>"),
            "link 'a' <collision> <box>: size must be positive"),
        Arguments.of(
            "mesh collision",
            robot(
                "<link name=\"a\"><collision><geometry><mesh filename=\"a.stl\"/></geometry>"
                    + "</collision></link>"),
            "mesh collision geometry is not supported"),
        Arguments.of(
            "zero mass",
            robot(
                "<link name=\"a\"><inertial><mass value=\"0\"/>"
                    + "<inertia ixx=\"1\" iyy=\"1\" izz=\"1\"/></inertial></link>"),
            "link 'a' <mass>: value must be positive, found 0.0"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenFiles")
  void rejectsBrokenFilesWithClearMessages(String what, String xml, String expected) {
    assertThatThrownBy(() -> UrdfLoader.parse(xml, "broken.urdf"))
        .as(what)
        .isInstanceOf(UrdfException.class)
        .hasMessageStartingWith("broken.urdf")
        .hasMessageContaining(expected);
  }

  @Test
  void messagesCarryTheLineNumber() {
    String xml = robot(LINKS + "\n\n" + joint("hinge", "a", "b", LIMIT));
    assertThatThrownBy(() -> UrdfLoader.parse(xml, "x.urdf")).hasMessageStartingWith("x.urdf:6: ");
  }

  @Test
  void missingFileIsReportedWithItsPath(@TempDir Path dir) {
    Path missing = dir.resolve("none.urdf");
    assertThatThrownBy(() -> UrdfLoader.load(missing))
        .isInstanceOf(UrdfException.class)
        .hasMessageContaining("none.urdf")
        .hasMessageContaining("cannot read");
  }

  @Test
  void movableLinkWithoutMassIsRefusedByTheModel(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("nomass.urdf");
    Files.writeString(
        f,
        robot(
            "<link name=\"a\"/><link name=\"b\"/><link name=\"tip\"/>"
                + joint("revolute", "a", "b", LIMIT)
                + "<joint name=\"t\" type=\"fixed\"><parent link=\"b\"/><child link=\"tip\"/>"
                + "</joint>"));
    UrdfModel m = UrdfLoader.load(f);
    assertThatThrownBy(() -> RobotModel.of(m, "tip", List.of()))
        .hasMessageContaining("link 'b' is moved by joint 'j' but has no <inertial>");
  }
}
