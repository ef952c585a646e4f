/**
 * Spring Boot glue of Fluxor: one auto-configuration per capability in the sub-packages, plus the
 * pieces they share (lifecycle phases, the top-level {@code fluxor.*} properties).
 */
package io.fluxor.autoconfigure;
