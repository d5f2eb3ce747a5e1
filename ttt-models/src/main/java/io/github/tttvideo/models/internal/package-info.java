/** Unpacking of class-path model resources into the cache; not part of the API. */
package io.github.tttvideo.models.internal;
