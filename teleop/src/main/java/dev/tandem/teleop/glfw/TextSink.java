package dev.tandem.teleop.glfw;

/** Where typed text goes (the viewer's correction line). Called on the window's thread. */
public interface TextSink {
  /** A printable character (a Unicode code point). */
  void typed(int codePoint);

  void backspace();

  /** Enter: submit the line. */
  void enter();

  /** Escape: clear the line. */
  void escape();
}
