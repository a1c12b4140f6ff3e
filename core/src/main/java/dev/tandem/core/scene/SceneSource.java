package dev.tandem.core.scene;

/** Something that can describe its current scene for rendering (a sim environment, a robot). */
public interface SceneSource {
  SceneDescription scene();
}
