/**
 * The sample's in-process demo upstreams (fast, slow, faulty, echo, fast-2), the services the
 * FluxGate demo's gateway routes point at.
 */
package io.fluxor.sample.demo;
