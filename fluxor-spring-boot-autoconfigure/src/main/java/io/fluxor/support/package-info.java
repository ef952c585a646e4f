/**
 * Small building blocks shared by the runtime packages. Free of Spring.
 */
package io.fluxor.support;
