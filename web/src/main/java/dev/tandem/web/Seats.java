package dev.tandem.web;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The controller seat of each robot: at most one client holds it (drives, corrects, resumes);
 * everyone else watches. A seat is taken only when free, and passes to another client only when its
 * holder gives it (explicit hand-over) or leaves. Not thread-safe: the console guards it.
 */
final class Seats {
  private final Map<String, String> holders = new HashMap<>();

  Optional<String> holder(String robot) {
    return Optional.ofNullable(holders.get(robot));
  }

  /** Takes a free seat (or confirms the client's own); false when another client holds it. */
  boolean claim(String robot, String client) {
    String h = holders.putIfAbsent(robot, client);
    return h == null || h.equals(client);
  }

  /** Frees the seat if {@code client} holds it; returns whether it did. */
  boolean release(String robot, String client) {
    return holders.remove(robot, client);
  }

  /** The holder hands the seat to {@code to}; false when {@code from} does not hold it. */
  boolean give(String robot, String from, String to) {
    return holders.replace(robot, from, to);
  }

  /** A client left: frees every seat it held and returns their robots. */
  List<String> leave(String client) {
    List<String> freed = new ArrayList<>();
    holders.entrySet().removeIf(e -> e.getValue().equals(client) && freed.add(e.getKey()));
    return freed;
  }
}
