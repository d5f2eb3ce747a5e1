/**
 * The DJL/PyTorch backend of ttt-video: {@link io.github.tttvideo.backend.djl.DjlBackendProvider}
 * (backend name {@code djl}) loads model directories ({@link
 * io.github.tttvideo.backend.djl.DjlModels}) into {@link
 * io.github.tttvideo.backend.djl.DjlVideoModel}s. See {@code docs/backend-djl.md}.
 */
package io.github.tttvideo.backend.djl;
