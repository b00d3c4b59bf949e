"""pdfminer's reading order of text boxes (``boxes_flow``), the same on every run.

pdfminer orders a page's text boxes by grouping them hierarchically: the two closest
boxes (or groups) first. It breaks ties between equally distant pairs by the objects'
memory addresses (``id``), so a page with a grid of equal boxes (chart labels, table
cells) could read in a different order from one run to the next. :func:`group_textboxes`
is pdfminer's algorithm with ties going to the box that comes first (in pdfminer's box
order; a group counts as newer than every box and every earlier group).
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Sequence
from typing import Any

from pdfminer.layout import (
    LAParams,
    LTFigure,
    LTPage,
    LTTextBoxVertical,
    LTTextGroup,
    LTTextGroupLRTB,
    LTTextGroupTBRL,
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


class Page(LTPage):
    group_textboxes = group_textboxes


class Figure(LTFigure):
    group_textboxes = group_textboxes
