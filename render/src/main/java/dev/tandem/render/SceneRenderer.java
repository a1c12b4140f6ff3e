package dev.tandem.render;

import static org.lwjgl.opengl.GL33C.*;

import dev.tandem.core.scene.CameraSpec;
import dev.tandem.core.scene.Pose;
import dev.tandem.core.scene.SceneDescription;
import dev.tandem.core.scene.SceneObject;
import dev.tandem.core.scene.Shape;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.lwjgl.opengl.GL;
import org.lwjgl.opengl.GLCapabilities;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OpenGL drawing code shared by offscreen cameras ({@link OffscreenRenderer}) and on-screen
 * windows ({@link WindowRenderer}): it draws a {@link SceneDescription} into whatever framebuffer
 * is bound, and knows nothing about how its context was made.
 *
 * <p>Drawing: one shader program (Lambert diffuse plus ambient from one directional light), one
 * vertex array per distinct shape (sizes baked in, built on first use and cached by shape
 * parameters, at most {@value #MAX_CACHED_MESHES} per level of detail, least recently used evicted;
 * round shapes are tessellated coarsely for viewports up to {@value #COARSE_MAX_VIEWPORT_PIXELS}
 * pixels, where a software rasterizer's cost is mostly per vertex, and finely for larger ones), per
 * object only two uniform updates and one draw call. An optional ground plane is drawn first.
 * Opaque objects are drawn next; ghost objects (and objects with alpha below 1) last, blended,
 * without depth writes, back to front by distance from the camera. Closed shapes cull back faces;
 * planes are lit on both sides.
 *
 * <p>Bad objects never throw: an object with a non-finite pose, a zero quaternion, a non-finite
 * colour or a non-positive size is skipped and counted ({@link #skippedObjectCount()}).
 *
 * <p>Threading: a GL context is current on one thread; the renderer must be created and used on
 * that thread with that context current (checked: another thread gets an {@link
 * IllegalStateException}). Drawing leaves this renderer's program and depth testing enabled; code
 * drawing overlays afterwards sets the state it needs.
 */
public final class SceneRenderer implements AutoCloseable {
  /** Upper bound on cached shape meshes per level of detail. */
  public static final int MAX_CACHED_MESHES = 256;

  /**
   * Viewports up to this size (largest side, pixels) draw round shapes with the coarse
   * tessellation, larger ones with the fine one.
   */
  public static final int COARSE_MAX_VIEWPORT_PIXELS = 256;

  private static final Logger LOG = LoggerFactory.getLogger(SceneRenderer.class);

  private static final String VERTEX_SHADER =
      """
      #version 330 core
      layout(location = 0) in vec3 position;
      layout(location = 1) in vec3 normal;
      uniform mat4 viewProjection;
      uniform mat4 model;
      out vec3 worldNormal;
      void main() {
        worldNormal = mat3(model) * normal;
        gl_Position = viewProjection * (model * vec4(position, 1.0));
      }
      """;

  private static final String FRAGMENT_SHADER =
      """
      #version 330 core
      in vec3 worldNormal;
      uniform vec4 color;
      uniform vec3 lightDirection;
      uniform float ambient;
      out vec4 fragColor;
      void main() {
        vec3 n = normalize(gl_FrontFacing ? worldNormal : -worldNormal);
        float diffuse = max(dot(n, lightDirection), 0.0);
        fragColor = vec4(color.rgb * (ambient + (1.0 - ambient) * diffuse), color.a);
      }
      """;

  private final RenderSettings settings;
  private final float[] backgroundRgb;
  private final float[] groundRgb;
  private final Thread owner;
  private final int program;
  private final int viewProjectionLocation;
  private final int modelLocation;
  private final int colorLocation;
  private final GpuMesh ground;
  private final Map<Shape, GpuMesh> coarseMeshes;
  private final Map<Shape, GpuMesh> fineMeshes;

  private final float[] viewProjection = new float[16];
  private final float[] model = new float[16];
  private int[] translucentIndices = new int[16];
  private double[] translucentDistances = new double[16];
  private long skippedObjects;
  private boolean closed;

  // GL state tracked within one draw() to skip redundant calls.
  private int boundVertexArray;
  private boolean cullingOn;
  private MeshBuilder.Detail detail = MeshBuilder.Detail.FINE;

  private SceneRenderer(RenderSettings settings) {
    this.settings = settings;
    this.backgroundRgb = settings.backgroundRgb();
    this.groundRgb = settings.groundRgb();
    this.owner = Thread.currentThread();
    GLCapabilities caps;
    try {
      caps = GL.getCapabilities();
    } catch (IllegalStateException e) {
      throw new IllegalStateException(
          "SceneRenderer needs a current OpenGL context with LWJGL capabilities on thread '"
              + owner.getName()
              + "' (make the context current and call GL.createCapabilities() first)",
          e);
    }
    if (!caps.OpenGL33) {
      throw new IllegalStateException("SceneRenderer needs OpenGL 3.3 core; the context has less");
    }
    program = linkProgram(VERTEX_SHADER, FRAGMENT_SHADER);
    viewProjectionLocation = glGetUniformLocation(program, "viewProjection");
    modelLocation = glGetUniformLocation(program, "model");
    colorLocation = glGetUniformLocation(program, "color");
    glUseProgram(program);
    double[] light = settings.lightDirection();
    double n = Math.sqrt(light[0] * light[0] + light[1] * light[1] + light[2] * light[2]);
    glUniform3f(
        glGetUniformLocation(program, "lightDirection"),
        (float) (light[0] / n),
        (float) (light[1] / n),
        (float) (light[2] / n));
    glUniform1f(glGetUniformLocation(program, "ambient"), (float) settings.ambient());
    ground = GpuMesh.upload(MeshBuilder.plane(settings.groundHalfExtentMeters()), false);
    coarseMeshes = meshCache();
    fineMeshes = meshCache();
    GlErrors.check("creating the scene renderer");
  }

  private static Map<Shape, GpuMesh> meshCache() {
    return new LinkedHashMap<>(64, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Shape, GpuMesh> eldest) {
        if (size() > MAX_CACHED_MESHES) {
          eldest.getValue().delete();
          return true;
        }
        return false;
      }
    };
  }

  /**
   * Creates the renderer's GPU resources in the context current on this thread (OpenGL 3.3 core or
   * newer, LWJGL capabilities created).
   */
  public static SceneRenderer create(RenderSettings settings) {
    return new SceneRenderer(java.util.Objects.requireNonNull(settings, "settings"));
  }

  public RenderSettings settings() {
    return settings;
  }

  /**
   * Clears the bound framebuffer and draws {@code scene} seen by {@code camera} into its lower-left
   * {@code viewportWidth} x {@code viewportHeight} pixels. The camera's own size is not used here
   * (only its pose, field of view and clip planes); the aspect ratio is the viewport's.
   */
  public void draw(
      SceneDescription scene, CameraSpec camera, int viewportWidth, int viewportHeight) {
    draw(scene, camera, viewportWidth, viewportHeight, false);
  }

  /**
   * As {@link #draw(SceneDescription, CameraSpec, int, int)}; with {@code topRowFirst} the image is
   * drawn upside down so that {@code glReadPixels}, which returns the bottom row first, returns the
   * top row first (offscreen readback then needs no row flip).
   */
  void draw(
      SceneDescription scene,
      CameraSpec camera,
      int viewportWidth,
      int viewportHeight,
      boolean topRowFirst) {
    checkUsable();
    if (viewportWidth <= 0 || viewportHeight <= 0) {
      throw new IllegalArgumentException(
          "viewport must be positive, found " + viewportWidth + "x" + viewportHeight);
    }
    float[] background = backgroundRgb;
    glViewport(0, 0, viewportWidth, viewportHeight);
    glClearColor(background[0], background[1], background[2], 1f);
    glDepthMask(true);
    glClear(GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT);
    glEnable(GL_DEPTH_TEST);
    glDepthFunc(GL_LESS);
    glDisable(GL_BLEND);
    glCullFace(GL_BACK);
    // Flipping the image vertically mirrors the winding of every triangle.
    glFrontFace(topRowFirst ? GL_CW : GL_CCW);
    glDisable(GL_CULL_FACE);
    cullingOn = false;
    detail =
        Math.max(viewportWidth, viewportHeight) <= COARSE_MAX_VIEWPORT_PIXELS
            ? MeshBuilder.Detail.COARSE
            : MeshBuilder.Detail.FINE;
    glUseProgram(program);
    boundVertexArray = -1;

    Transforms.viewProjection(camera, (double) viewportWidth / viewportHeight, viewProjection);
    if (topRowFirst) {
      viewProjection[1] = -viewProjection[1];
      viewProjection[5] = -viewProjection[5];
      viewProjection[9] = -viewProjection[9];
      viewProjection[13] = -viewProjection[13];
    }
    glUniformMatrix4fv(viewProjectionLocation, false, viewProjection);

    List<SceneObject> objects = scene.objects();
    int translucentCount = 0;
    double[] eye = camera.eye();
    for (int i = 0, n = objects.size(); i < n; i++) {
      SceneObject object = objects.get(i);
      if (!isDrawable(object)) {
        countSkipped(object);
        continue;
      }
      if (object.ghost() || object.rgba()[3] < 1f) {
        if (translucentCount == translucentIndices.length) {
          translucentIndices = java.util.Arrays.copyOf(translucentIndices, 2 * translucentCount);
          translucentDistances =
              java.util.Arrays.copyOf(translucentDistances, 2 * translucentCount);
        }
        Pose p = object.pose();
        double dx = p.x() - eye[0];
        double dy = p.y() - eye[1];
        double dz = p.z() - eye[2];
        translucentIndices[translucentCount] = i;
        translucentDistances[translucentCount] = dx * dx + dy * dy + dz * dz;
        translucentCount++;
        continue;
      }
      drawObject(object, 1f);
    }

    // The ground goes after the opaque objects so that the depth test rejects its hidden part
    // before shading.
    if (settings.groundPlane()) {
      drawGround();
    }

    if (translucentCount > 0) {
      sortFarthestFirst(translucentCount);
      glEnable(GL_BLEND);
      glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
      glDepthMask(false);
      float ghostMaxAlpha = (float) settings.ghostMaxAlpha();
      for (int k = 0; k < translucentCount; k++) {
        SceneObject object = objects.get(translucentIndices[k]);
        float alpha = object.rgba()[3];
        drawObject(object, object.ghost() ? Math.min(alpha, ghostMaxAlpha) : alpha);
      }
      glDepthMask(true);
      glDisable(GL_BLEND);
    }
    glBindVertexArray(0);
  }

  /** How many objects were skipped because they could not be drawn, since creation. */
  public long skippedObjectCount() {
    return skippedObjects;
  }

  /** How many shape meshes are cached on the GPU. */
  public int cachedMeshCount() {
    return coarseMeshes.size() + fineMeshes.size();
  }

  /** Deletes the GPU resources; the context must be current on the owner thread. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    checkThread();
    for (Map<Shape, GpuMesh> meshes : List.of(coarseMeshes, fineMeshes)) {
      for (GpuMesh mesh : meshes.values()) {
        mesh.delete();
      }
      meshes.clear();
    }
    ground.delete();
    glDeleteProgram(program);
    closed = true;
  }

  private void drawGround() {
    model[0] = 1;
    model[1] = 0;
    model[2] = 0;
    model[3] = 0;
    model[4] = 0;
    model[5] = 1;
    model[6] = 0;
    model[7] = 0;
    model[8] = 0;
    model[9] = 0;
    model[10] = 1;
    model[11] = 0;
    model[12] = 0;
    model[13] = 0;
    model[14] = (float) settings.groundHeightMeters();
    model[15] = 1;
    float[] rgb = groundRgb;
    glEnable(GL_POLYGON_OFFSET_FILL);
    glPolygonOffset(1f, 1f);
    glUniformMatrix4fv(modelLocation, false, model);
    glUniform4f(colorLocation, rgb[0], rgb[1], rgb[2], 1f);
    drawMesh(ground);
    glDisable(GL_POLYGON_OFFSET_FILL);
  }

  private void drawObject(SceneObject object, float alpha) {
    GpuMesh mesh = meshFor(object.shape());
    Transforms.model(object.pose(), model);
    float[] rgba = object.rgba();
    glUniformMatrix4fv(modelLocation, false, model);
    glUniform4f(colorLocation, clamp01(rgba[0]), clamp01(rgba[1]), clamp01(rgba[2]), alpha);
    drawMesh(mesh);
  }

  private void drawMesh(GpuMesh mesh) {
    if (mesh.closed != cullingOn) {
      if (mesh.closed) {
        glEnable(GL_CULL_FACE);
      } else {
        glDisable(GL_CULL_FACE);
      }
      cullingOn = mesh.closed;
    }
    if (mesh.vertexArray != boundVertexArray) {
      glBindVertexArray(mesh.vertexArray);
      boundVertexArray = mesh.vertexArray;
    }
    glDrawElements(GL_TRIANGLES, mesh.indexCount, GL_UNSIGNED_SHORT, 0L);
  }

  private GpuMesh meshFor(Shape shape) {
    Map<Shape, GpuMesh> meshes = detail == MeshBuilder.Detail.COARSE ? coarseMeshes : fineMeshes;
    GpuMesh mesh = meshes.get(shape);
    if (mesh == null) {
      mesh = GpuMesh.upload(MeshBuilder.build(shape, detail), MeshBuilder.isClosed(shape));
      boundVertexArray = -1;
      meshes.put(shape, mesh);
    }
    return mesh;
  }

  private boolean isDrawable(SceneObject object) {
    float[] rgba = object.rgba();
    if (!(Float.isFinite(rgba[0])
        && Float.isFinite(rgba[1])
        && Float.isFinite(rgba[2])
        && Float.isFinite(rgba[3]))) {
      return false;
    }
    return MeshBuilder.isValid(object.shape()) && Transforms.model(object.pose(), model);
  }

  private void countSkipped(SceneObject object) {
    if (skippedObjects == 0) {
      LOG.warn(
          "skipping scene object '{}' (non-finite pose or colour, zero quaternion or"
              + " non-positive size: {} at {}); later skips are only counted",
          object.name(),
          object.shape(),
          object.pose());
    }
    skippedObjects++;
  }

  /** Stable insertion sort of the translucent objects, farthest from the camera first. */
  private void sortFarthestFirst(int count) {
    for (int i = 1; i < count; i++) {
      int index = translucentIndices[i];
      double distance = translucentDistances[i];
      int j = i - 1;
      while (j >= 0 && translucentDistances[j] < distance) {
        translucentIndices[j + 1] = translucentIndices[j];
        translucentDistances[j + 1] = translucentDistances[j];
        j--;
      }
      translucentIndices[j + 1] = index;
      translucentDistances[j + 1] = distance;
    }
  }

  private static float clamp01(float v) {
    return v < 0 ? 0 : (v > 1 ? 1 : v);
  }

  private void checkUsable() {
    checkThread();
    if (closed) {
      throw new IllegalStateException("SceneRenderer is closed");
    }
  }

  private void checkThread() {
    Thread current = Thread.currentThread();
    if (current != owner) {
      throw new IllegalStateException(
          "SceneRenderer belongs to thread '"
              + owner.getName()
              + "' (its GL context is current there) but was called from thread '"
              + current.getName()
              + "': use one renderer per thread");
    }
  }

  private static int linkProgram(String vertexSource, String fragmentSource) {
    int vertex = compile(GL_VERTEX_SHADER, vertexSource);
    int fragment = compile(GL_FRAGMENT_SHADER, fragmentSource);
    int program = glCreateProgram();
    glAttachShader(program, vertex);
    glAttachShader(program, fragment);
    glLinkProgram(program);
    glDeleteShader(vertex);
    glDeleteShader(fragment);
    if (glGetProgrami(program, GL_LINK_STATUS) != GL_TRUE) {
      String log = glGetProgramInfoLog(program);
      glDeleteProgram(program);
      throw new IllegalStateException("scene shader program failed to link: " + log);
    }
    return program;
  }

  private static int compile(int type, String source) {
    int shader = glCreateShader(type);
    glShaderSource(shader, source);
    glCompileShader(shader);
    if (glGetShaderi(shader, GL_COMPILE_STATUS) != GL_TRUE) {
      String log = glGetShaderInfoLog(shader);
      glDeleteShader(shader);
      throw new IllegalStateException(
          (type == GL_VERTEX_SHADER ? "vertex" : "fragment") + " shader failed to compile: " + log);
    }
    return shader;
  }
}
