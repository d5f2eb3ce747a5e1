/**
 * The backend compatibility kit: {@link io.github.tttvideo.tck.BackendCompatibilityKit}, an
 * abstract JUnit 5 test class that a backend's tests extend, the {@link
 * io.github.tttvideo.tck.TttLayerProbe} a backend implements so that its TTT layer can be compared
 * with ttt-core, and the kit's models ({@link io.github.tttvideo.tck.KitModels}).
 *
 * @since 0.1.0
 */
package io.github.tttvideo.tck;
