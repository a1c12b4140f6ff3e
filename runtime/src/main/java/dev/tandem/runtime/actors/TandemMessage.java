package dev.tandem.runtime.actors;

/**
 * Marker for every message that may cross a JVM boundary (Pekko Cluster scale-out). Messages are
 * records of core types, primitives, strings and typed actor refs, bound to Jackson CBOR in {@code
 * application.conf}; nothing in them refers to a native handle or a local object.
 */
public interface TandemMessage {}
