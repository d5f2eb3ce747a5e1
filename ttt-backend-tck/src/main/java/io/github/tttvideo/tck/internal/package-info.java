/** Helpers of the compatibility kit; not part of its API. */
package io.github.tttvideo.tck.internal;
