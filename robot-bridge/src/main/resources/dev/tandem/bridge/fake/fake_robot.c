/*
 * An independent ROS 2 robot for Tandem's bridge tests, on Eclipse Cyclone DDS (a DDS
 * implementation Tandem itself does not use). It speaks ros2_control's conventions: joint states
 * on rt/<state_topic> (sensor_msgs/JointState), commands on rt/<command_topic> as
 * std_msgs/Float64MultiArray (forward_command_controller, position or velocity interface) or
 * trajectory_msgs/JointTrajectory. Commands are integrated with simple first-order dynamics.
 *
 * Arguments (key=value): joints=a,b,c  initial=0,0,0  rate_hz=200  mode=position|velocity|trajectory
 *   state_topic=joint_states  command_topic=arm_controller/commands  tau_s=0.05  domain=0
 *   camera_topic=tandem/cameras/front/image_raw
 *   gripper_joints=f1,f2  gripper_initial=0.02  gripper_topic=gripper_controller/commands
 *     (a gripper: its joints follow the arm's in joint states; its forward_command_controller's
 *     position commands move them with the same dynamics)
 * Lines on stdin switch behaviour while it runs:
 *   silent on|off   stop / resume publishing joint states (the process stays alive)
 *   malformed       the next state has fewer positions than names
 *   nan             the next state has a NaN position
 *   outoforder      the next state is stamped 1 s in the past and claims positions 0.5 rad off
 *   names a,b,c     publish these joint names from now on
 *   estop on|off    publish std_msgs/Bool true/false on rt/tandem/estop (an e-stop button)
 *   ready           publish std_msgs/Bool true on rt/tandem/ready (a "scene is reset" button)
 *   camera E W H    publish a W x H sensor_msgs/Image in encoding E on rt/<camera_topic> every
 *                   10th joint state: pixel (x, y) is r = x, g = y, b = x + 2y (mod 256) in rgb8
 *                   (bgr8: the same bytes in b, g, r order; mono8: x + y; any other encoding:
 *                   4 bytes a pixel)
 *   camera short    the next image's data is one row shorter than height * step
 *   camera off      stop publishing images
 *   die             exit at once, without leaving the DDS domain (as a crash would)
 * On stdout: "ready" once it publishes, "cmd v1 v2 ..." for every command it accepts and
 * "gcmd v1 v2 ..." for every gripper command.
 */
#include <math.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "dds/dds.h"
#include "ros2_msgs.h"

#define MAX_JOINTS 32

static int n_joints;
static char *names[MAX_JOINTS];
static double q[MAX_JOINTS], qd[MAX_JOINTS], target[MAX_JOINTS];
static int have_target;
static int n_fingers;
static double gq[MAX_JOINTS], gtarget[MAX_JOINTS];

static int split(char *s, char **out, int max) {
  int n = 0;
  for (char *tok = strtok(s, ","); tok && n < max; tok = strtok(NULL, ",")) out[n++] = strdup(tok);
  return n;
}

static const char *arg(int argc, char **argv, const char *key, const char *fallback) {
  size_t k = strlen(key);
  for (int i = 1; i < argc; i++)
    if (strncmp(argv[i], key, k) == 0 && argv[i][k] == '=') return argv[i] + k + 1;
  return fallback;
}

static double now_s(void) {
  struct timespec t;
  clock_gettime(CLOCK_REALTIME, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

/* The test image: see the header comment. */
static uint32_t fill_image(const char *enc, uint32_t w, uint32_t h, unsigned char *out) {
  int mono = strcmp(enc, "mono8") == 0, bgr = strcmp(enc, "bgr8") == 0;
  uint32_t bpp = mono ? 1 : (bgr || strcmp(enc, "rgb8") == 0) ? 3 : 4;
  for (uint32_t y = 0; y < h; y++) {
    for (uint32_t x = 0; x < w; x++) {
      unsigned char *p = out + (size_t)(y * w + x) * bpp;
      unsigned char r = (unsigned char)x, g = (unsigned char)y, b = (unsigned char)(x + 2 * y);
      if (mono) {
        p[0] = (unsigned char)(x + y);
      } else {
        p[0] = bgr ? b : r;
        p[1] = g;
        p[2] = bgr ? r : b;
        if (bpp == 4) p[3] = 255;
      }
    }
  }
  return w * bpp;
}

static void print_cmd(const char *what, const double *v, uint32_t n) {
  printf("%s", what);
  for (uint32_t i = 0; i < n; i++) printf(" %.9g", v[i]);
  printf("\n");
  fflush(stdout);
}

int main(int argc, char **argv) {
  char buf[4096];
  snprintf(buf, sizeof buf, "%s", arg(argc, argv, "joints", "joint1"));
  n_joints = split(buf, names, MAX_JOINTS);
  char *init[MAX_JOINTS];
  snprintf(buf, sizeof buf, "%s", arg(argc, argv, "initial", ""));
  int n_init = buf[0] ? split(buf, init, MAX_JOINTS) : 0;
  for (int i = 0; i < n_joints; i++) q[i] = i < n_init ? atof(init[i]) : 0.0;
  snprintf(buf, sizeof buf, "%s", arg(argc, argv, "gripper_joints", ""));
  n_fingers = buf[0] ? split(buf, names + n_joints, MAX_JOINTS - n_joints) : 0;
  for (int i = 0; i < n_fingers; i++)
    gq[i] = gtarget[i] = atof(arg(argc, argv, "gripper_initial", "0"));
  double rate = atof(arg(argc, argv, "rate_hz", "200"));
  double tau = atof(arg(argc, argv, "tau_s", "0.05"));
  const char *mode = arg(argc, argv, "mode", "position");
  int velocity_mode = strcmp(mode, "velocity") == 0;
  int trajectory_mode = strcmp(mode, "trajectory") == 0;
  char state_topic[256], command_topic[256];
  snprintf(state_topic, sizeof state_topic, "rt/%s", arg(argc, argv, "state_topic", "joint_states"));
  snprintf(command_topic, sizeof command_topic, "rt/%s",
           arg(argc, argv, "command_topic", "arm_controller/commands"));
  int domain = atoi(arg(argc, argv, "domain", "0"));
  char gripper_topic[256];
  snprintf(gripper_topic, sizeof gripper_topic, "rt/%s",
           arg(argc, argv, "gripper_topic", "gripper_controller/commands"));
  char camera_topic[256];
  snprintf(camera_topic, sizeof camera_topic, "rt/%s",
           arg(argc, argv, "camera_topic", "tandem/cameras/front/image_raw"));

  dds_entity_t participant = dds_create_participant((dds_domainid_t)domain, NULL, NULL);
  if (participant < 0) {
    fprintf(stderr, "fake_robot: dds_create_participant: %s\n", dds_strretcode(-participant));
    return 1;
  }
  dds_qos_t *qos = dds_create_qos();
  dds_qset_reliability(qos, DDS_RELIABILITY_RELIABLE, DDS_SECS(1));
  dds_qset_history(qos, DDS_HISTORY_KEEP_LAST, 10);
  dds_entity_t state_t = dds_create_topic(participant, &sensor_msgs_msg_dds__JointState__desc,
                                          state_topic, NULL, NULL);
  dds_entity_t writer = dds_create_writer(participant, state_t, qos, NULL);
  dds_entity_t cmd_t = trajectory_mode
      ? dds_create_topic(participant, &trajectory_msgs_msg_dds__JointTrajectory__desc,
                         command_topic, NULL, NULL)
      : dds_create_topic(participant, &std_msgs_msg_dds__Float64MultiArray__desc, command_topic,
                         NULL, NULL);
  dds_entity_t reader = dds_create_reader(participant, cmd_t, qos, NULL);
  dds_entity_t estop_t =
      dds_create_topic(participant, &std_msgs_msg_dds__Bool__desc, "rt/tandem/estop", NULL, NULL);
  dds_entity_t estop_writer = dds_create_writer(participant, estop_t, qos, NULL);
  dds_entity_t ready_t =
      dds_create_topic(participant, &std_msgs_msg_dds__Bool__desc, "rt/tandem/ready", NULL, NULL);
  dds_entity_t ready_writer = dds_create_writer(participant, ready_t, qos, NULL);
  dds_entity_t gripper_t = dds_create_topic(
      participant, &std_msgs_msg_dds__Float64MultiArray__desc, gripper_topic, NULL, NULL);
  dds_entity_t gripper_reader = dds_create_reader(participant, gripper_t, qos, NULL);
  dds_entity_t image_t = dds_create_topic(participant, &sensor_msgs_msg_dds__Image__desc,
                                          camera_topic, NULL, NULL);
  dds_entity_t image_writer = dds_create_writer(participant, image_t, qos, NULL);
  if (writer < 0 || reader < 0 || estop_writer < 0 || ready_writer < 0 || image_writer < 0 ||
      gripper_reader < 0) {
    fprintf(stderr, "fake_robot: cannot create writer or reader\n");
    return 1;
  }

  int silent = 0, malformed = 0, nan_next = 0, out_of_order = 0;
  char image_enc[64] = "";
  uint32_t image_w = 0, image_h = 0, image_step = 0;
  int image_short = 0;
  unsigned long tick = 0;
  unsigned char *image_buf = NULL;
  double period = 1.0 / rate;
  double next = now_s();
  double last = next;
  double pos_buf[MAX_JOINTS], vel_buf[MAX_JOINTS], eff_buf[MAX_JOINTS];
  printf("ready\n");
  fflush(stdout);
  for (;;) {
    /* stdin switches */
    struct pollfd pfd = {0, POLLIN, 0};
    while (poll(&pfd, 1, 0) > 0 && (pfd.revents & (POLLIN | POLLHUP))) {
      if (!fgets(buf, sizeof buf, stdin)) _exit(0); /* the test went away */
      buf[strcspn(buf, "\n")] = 0;
      if (strcmp(buf, "silent on") == 0) silent = 1;
      else if (strcmp(buf, "silent off") == 0) silent = 0;
      else if (strcmp(buf, "malformed") == 0) malformed = 1;
      else if (strcmp(buf, "nan") == 0) nan_next = 1;
      else if (strcmp(buf, "outoforder") == 0) out_of_order = 1;
      else if (strncmp(buf, "names ", 6) == 0) {
        char *fresh[MAX_JOINTS];
        if (split(buf + 6, fresh, MAX_JOINTS) == n_joints)
          for (int i = 0; i < n_joints; i++) names[i] = fresh[i];
      } else if (strcmp(buf, "estop on") == 0 || strcmp(buf, "estop off") == 0) {
        std_msgs_msg_dds__Bool_ b = {strcmp(buf, "estop on") == 0};
        dds_write(estop_writer, &b);
      } else if (strcmp(buf, "ready") == 0) {
        std_msgs_msg_dds__Bool_ b = {1};
        dds_write(ready_writer, &b);
      } else if (strcmp(buf, "camera off") == 0) {
        image_enc[0] = 0;
      } else if (strcmp(buf, "camera short") == 0) {
        image_short = 1;
      } else if (strncmp(buf, "camera ", 7) == 0) {
        unsigned w, h;
        char enc[64];
        if (sscanf(buf + 7, "%63s %u %u", enc, &w, &h) == 3 && w > 0 && h > 0 && w <= 4096 &&
            h <= 4096) {
          free(image_buf);
          image_buf = malloc((size_t)w * h * 4);
          snprintf(image_enc, sizeof image_enc, "%s", enc);
          image_w = w;
          image_h = h;
          image_step = fill_image(image_enc, w, h, image_buf);
        }
      } else if (strcmp(buf, "die") == 0) _exit(3);
    }
    /* commands */
    void *samples[1] = {NULL};
    dds_sample_info_t info[1];
    while (dds_take(reader, samples, info, 1, 1) > 0) {
      if (info[0].valid_data) {
        if (trajectory_mode) {
          trajectory_msgs_msg_dds__JointTrajectory_ *t = samples[0];
          if (t->points_._length > 0) {
            trajectory_msgs_msg_dds__JointTrajectoryPoint_ *p =
                &t->points_._buffer[t->points_._length - 1];
            if (p->positions_._length == (uint32_t)n_joints) {
              for (int i = 0; i < n_joints; i++) target[i] = p->positions_._buffer[i];
              have_target = 1;
              print_cmd("cmd", p->positions_._buffer, p->positions_._length);
            }
          }
        } else {
          std_msgs_msg_dds__Float64MultiArray_ *m = samples[0];
          if (m->data_._length == (uint32_t)n_joints) {
            for (int i = 0; i < n_joints; i++) target[i] = m->data_._buffer[i];
            have_target = 1;
            print_cmd("cmd", m->data_._buffer, m->data_._length);
          }
        }
      }
      dds_return_loan(reader, samples, 1);
      samples[0] = NULL;
    }
    while (dds_take(gripper_reader, samples, info, 1, 1) > 0) {
      std_msgs_msg_dds__Float64MultiArray_ *m = samples[0];
      if (info[0].valid_data && m->data_._length == (uint32_t)n_fingers) {
        for (int i = 0; i < n_fingers; i++) gtarget[i] = m->data_._buffer[i];
        print_cmd("gcmd", m->data_._buffer, m->data_._length);
      }
      dds_return_loan(gripper_reader, samples, 1);
      samples[0] = NULL;
    }
    /* dynamics */
    double t = now_s();
    double dt = t - last;
    last = t;
    double a = dt / tau > 1 ? 1 : dt / tau;
    for (int i = 0; i < n_joints; i++) {
      if (velocity_mode) {
        double v = have_target ? target[i] : 0;
        qd[i] += (v - qd[i]) * a;
        q[i] += qd[i] * dt;
      } else if (have_target) {
        double before = q[i];
        q[i] += (target[i] - q[i]) * a;
        qd[i] = dt > 0 ? (q[i] - before) / dt : 0;
      }
    }
    for (int i = 0; i < n_fingers; i++) gq[i] += (gtarget[i] - gq[i]) * a;
    /* joint state */
    if (!silent) {
      sensor_msgs_msg_dds__JointState_ js;
      memset(&js, 0, sizeof js);
      double stamp = out_of_order ? t - 1.0 : t;
      js.header_.stamp_.sec_ = (int32_t)floor(stamp);
      js.header_.stamp_.nanosec_ = (uint32_t)((stamp - floor(stamp)) * 1e9);
      js.header_.frame_id_ = "";
      for (int i = 0; i < n_joints; i++) {
        pos_buf[i] = out_of_order ? q[i] + 0.5 : q[i];
        vel_buf[i] = qd[i];
        eff_buf[i] = 0;
      }
      for (int i = 0; i < n_fingers; i++) {
        pos_buf[n_joints + i] = gq[i];
        vel_buf[n_joints + i] = 0;
        eff_buf[n_joints + i] = 0;
      }
      if (nan_next) pos_buf[0] = NAN;
      uint32_t all = (uint32_t)(n_joints + n_fingers);
      js.name_._length = js.name_._maximum = all;
      js.name_._buffer = names;
      js.position_._length = js.position_._maximum = malformed ? all - 1 : all;
      js.position_._buffer = pos_buf;
      js.velocity_._length = js.velocity_._maximum = all;
      js.velocity_._buffer = vel_buf;
      js.effort_._length = js.effort_._maximum = all;
      js.effort_._buffer = eff_buf;
      dds_write(writer, &js);
      malformed = nan_next = out_of_order = 0;
    }
    /* camera image */
    if (image_enc[0] && tick % 10 == 0) {
      sensor_msgs_msg_dds__Image_ im;
      memset(&im, 0, sizeof im);
      double stamp = now_s();
      im.header_.stamp_.sec_ = (int32_t)floor(stamp);
      im.header_.stamp_.nanosec_ = (uint32_t)((stamp - floor(stamp)) * 1e9);
      im.header_.frame_id_ = "camera";
      im.height_ = image_h;
      im.width_ = image_w;
      im.encoding_ = image_enc;
      im.step_ = image_step;
      uint32_t rows = image_short ? image_h - 1 : image_h;
      im.data_._length = im.data_._maximum = rows * image_step;
      im.data_._buffer = image_buf;
      dds_write(image_writer, &im);
      image_short = 0;
    }
    tick++;
    next += period;
    double sleep = next - now_s();
    if (sleep > 0) {
      struct timespec ts = {(time_t)sleep, (long)((sleep - (time_t)sleep) * 1e9)};
      nanosleep(&ts, NULL);
    } else {
      next = now_s();
    }
  }
}
