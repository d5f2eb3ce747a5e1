/**
 * Service-provider interfaces of ttt-video: what a codec or backend implements. Users of the SDK
 * do not need these types.
 */
package io.github.tttvideo.spi;
