/** The codec-javacv module of ttt-video (its implementation arrives with the issue that names it). */
package io.github.tttvideo.codecjavacv;
