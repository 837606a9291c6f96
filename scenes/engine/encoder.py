"""Frames into the video with less work per frame than Manim's segment encoder does.

Manim's ``VideoSegmentEncoder.write_frame`` copies every RGBA frame into a new PyAV frame and
lets the encoder convert it to yuv420p, once per repeat: a still held for 2 seconds at 60 fps
is copied and converted 120 times, and at 1080p one conversion costs about as much as
drawing the frame. :class:`FastSegmentEncoder` wraps a frame without a copy
(``from_numpy_buffer``; the writer owns the array, see ``FastRenderer``), converts it once
with the very call PyAV's encoder would make (same swscale settings, so the same bytes: a
test compares the files), and encodes that one converted frame ``repeat`` times.

Manim's way in: the scene's renderer takes a ``file_writer_class`` (here
:class:`FastFileWriter`, the default of :class:`~scenes.engine.camera.FastRenderer`), and
the writer makes each segment's encoder in ``_create_segment_encoder``, which it overrides.
Nothing of Manim's is replaced, so a plain ``Scene`` in the same process encodes as Manim does.
"""
from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import av
from av.video.reformatter import VideoReformatter
from manim.scene.scene_file_writer import SceneFileWriter
from manim.scene.video_segment_encoder import VideoSegmentEncoder

__all__ = ["FastSegmentEncoder", "FastFileWriter"]


class FastSegmentEncoder(VideoSegmentEncoder):
    def write_frame(self, pixels, *, repeat: int = 1) -> None:
        self._validate_frame(pixels, repeat)
        time_base = Fraction(self.spec.frame_rate.denominator, self.spec.frame_rate.numerator)
        try:
            frame = av.VideoFrame.from_numpy_buffer(pixels, format="rgba")
            cc = self._stream.codec_context
            if frame.format.name != cc.format.name or (frame.width, frame.height) != (
                    cc.width, cc.height):
                reformatter = self.__dict__.setdefault("_mlv_reformatter", VideoReformatter())
                # the arguments PyAV's encoder passes (VideoCodecContext._prepare_frames_for_encode)
                frame = reformatter.reformat(frame, cc.width, cc.height, cc.format,
                                             threads=cc.thread_count)
            for _ in range(repeat):
                frame.pts = self._next_pts
                frame.time_base = time_base
                self._next_pts += 1
                for packet in self._stream.encode(frame):
                    self._container.mux(packet)
        except BaseException as error:
            raise self._operation_error("encode", error) from error


class FastFileWriter(SceneFileWriter):
    """Manim's scene file writer, with :class:`FastSegmentEncoder` for every segment."""

    def _create_segment_encoder(self, target: Path) -> VideoSegmentEncoder:
        if self.video_encoder is None:
            return super()._create_segment_encoder(target)  # Manim's own error
        return FastSegmentEncoder(target=target, spec=self.video_encoder)
