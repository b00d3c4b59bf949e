"""Two steps of pdfminer's layout analysis: one the same on every run, one quicker.

pdfminer orders a page's text boxes by grouping them hierarchically: the two closest
boxes (or groups) first. It breaks ties between equally distant pairs by the objects'
memory addresses (``id``), so a page with a grid of equal boxes (chart labels, table
cells) could read in a different order from one run to the next. :func:`group_textboxes`
is pdfminer's algorithm with ties going to the box that comes first (in pdfminer's box
order; a group counts as newer than every box and every earlier group).

:func:`group_objects` joins characters into lines exactly as pdfminer does, its
comparisons written out instead of a dozen method calls per character.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from pdfminer.layout import (
    LAParams,
    LTAnno,
    LTFigure,
    LTLayoutContainer,
    LTPage,
    LTTextBoxVertical,
    LTTextGroup,
    LTTextGroupLRTB,
    LTTextGroupTBRL,
    LTTextLineHorizontal,
)
from pdfminer.utils import Plane


def group_textboxes(self: Any, laparams: LAParams, boxes: Sequence[Any]) -> list[LTTextGroup]:
    """pdfminer's ``LTLayoutContainer.group_textboxes`` with reproducible ties."""
    plane: Plane[Any] = Plane(self.bbox)
    numbers = itertools.count(len(boxes))

    def dist(obj1: Any, obj2: Any) -> float:
        """The area of the rectangle around both, less the areas of the two."""
        x0 = min(obj1.x0, obj2.x0)
        y0 = min(obj1.y0, obj2.y0)
        x1 = max(obj1.x1, obj2.x1)
        y1 = max(obj1.y1, obj2.y1)
        return (x1 - x0) * (y1 - y0) - obj1.width * obj1.height - obj2.width * obj2.height

    def isany(obj1: Any, obj2: Any) -> set[Any]:
        """The other objects in the rectangle around both."""
        x0 = min(obj1.x0, obj2.x0)
        y0 = min(obj1.y0, obj2.y0)
        x1 = max(obj1.x1, obj2.x1)
        y1 = max(obj1.y1, obj2.y1)
        return set(plane.find((x0, y0, x1, y1))).difference((obj1, obj2))

    number_of = {id(box): n for n, box in enumerate(boxes)}
    dists = [
        (False, dist(box1, box2), i, j, box1, box2)
        for i, box1 in enumerate(boxes)
        for j, box2 in enumerate(boxes[i + 1 :], start=i + 1)
    ]
    heapq.heapify(dists)
    plane.extend(boxes)
    done = set()
    while dists:
        (skip_isany, d, n1, n2, obj1, obj2) = heapq.heappop(dists)
        if n1 in done or n2 in done:  # already merged
            continue
        if not skip_isany and isany(obj1, obj2):
            heapq.heappush(dists, (True, d, n1, n2, obj1, obj2))
            continue
        vertical = (LTTextBoxVertical, LTTextGroupTBRL)
        if isinstance(obj1, vertical) or isinstance(obj2, vertical):
            group: LTTextGroup = LTTextGroupTBRL([obj1, obj2])
        else:
            group = LTTextGroupLRTB([obj1, obj2])
        plane.remove(obj1)
        plane.remove(obj2)
        done.update([n1, n2])
        number = number_of[id(group)] = next(numbers)
        for other in plane:
            pair = (False, dist(group, other), number, number_of[id(other)], group, other)
            heapq.heappush(dists, pair)
        plane.add(group)
    return list(plane)


def group_objects(self: Any, laparams: LAParams, objs: Iterable[Any]) -> Iterator[Any]:
    """pdfminer's ``LTLayoutContainer.group_objects`` (characters → lines) for
    horizontal text: consecutive characters that overlap vertically by more than
    ``line_overlap`` of the lower one and stand less than ``char_margin`` of the wider
    one apart share a line; a space goes between two more than ``word_margin`` apart."""
    if laparams.detect_vertical:
        yield from LTLayoutContainer.group_objects(self, laparams, objs)
        return
    overlap, margin, word_margin = laparams.line_overlap, laparams.char_margin, laparams.word_margin
    line: list[Any] = []
    obj0: Any = None
    x0 = y0 = x1 = y1 = width = height = 0.0  # obj0's box
    for char in objs:
        cx0, cy0, cx1, cy1, cwidth, cheight = (
            char.x0,
            char.y0,
            char.x1,
            char.y1,
            char.width,
            char.height,
        )
        if obj0 is not None:
            if (
                cy0 <= y1
                and y0 <= cy1
                and min(height, cheight) * overlap < min(abs(y0 - cy1), abs(y1 - cy0))
                and (0 if cx0 <= x1 and x0 <= cx1 else min(abs(x0 - cx1), abs(x1 - cx0)))
                < max(width, cwidth) * margin
            ):
                if not line:
                    line.append(obj0)
                if word_margin and x1 < cx0 - word_margin * max(cwidth, cheight):
                    line.append(ANNO_SPACE)
                line.append(char)
            elif line:
                yield _text_line(line, word_margin)
                line = []
            else:
                yield _text_line([obj0], word_margin)
        obj0 = char
        x0, y0, x1, y1, width, height = cx0, cy0, cx1, cy1, cwidth, cheight
    yield _text_line(line or [obj0], word_margin)


def _text_line(objs: list[Any], word_margin: float) -> LTTextLineHorizontal:
    """The line pdfminer builds by adding ``objs`` (its spaces included) one by one."""
    line = LTTextLineHorizontal(word_margin)
    chars = [obj for obj in objs if obj is not ANNO_SPACE]
    line._objs = [LTAnno(" ") if obj is ANNO_SPACE else obj for obj in objs]
    line._x1 = chars[-1].x1
    line.set_bbox(
        (
            min(char.x0 for char in chars),
            min(char.y0 for char in chars),
            max(char.x1 for char in chars),
            max(char.y1 for char in chars),
        )
    )
    return line


ANNO_SPACE = object()  # where a line gets a space


class Page(LTPage):
    group_textboxes = group_textboxes
    group_objects = group_objects


class Figure(LTFigure):
    group_textboxes = group_textboxes
    group_objects = group_objects
