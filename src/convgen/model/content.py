"""Drafted content: paragraphs, bullet lists and the places where a table is printed."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from convgen.foundation.findings import Path_


@dataclass
class Paragraph:
    text: str
    path: Path_


@dataclass
class BulletItem:
    text: str
    path: Path_
    children: list[Paragraph] = field(default_factory=list)


@dataclass
class BulletList:
    items: list[BulletItem]
    path: Path_


@dataclass
class Table:
    name: str
    path: Path_


Block = Paragraph | BulletList | Table


def blocks(items: list[Any] | None, path: Path_) -> list[Block]:
    blocks: list[Block] = []
    for index, item in enumerate(items or []):
        item_path = (*path, index)
        if isinstance(item, dict) and "bullets" in item:
            bullets = []
            for b_index, bullet in enumerate(item["bullets"]):
                b_path = (*item_path, "bullets", b_index)
                if isinstance(bullet, dict):
                    children = [
                        Paragraph(text or "", (*b_path, "bullets", c))
                        for c, text in enumerate(bullet["bullets"])
                    ]
                    bullets.append(
                        BulletItem(bullet.get("text") or "", (*b_path, "text"), children)
                    )
                else:
                    bullets.append(BulletItem(bullet or "", b_path))
            blocks.append(BulletList(bullets, item_path))
        elif isinstance(item, dict) and "table" in item:
            blocks.append(Table(item["table"], item_path))
        else:
            blocks.append(Paragraph(item or "", item_path))
    return blocks


def block_texts(blocks: list[Block]) -> list[tuple[Path_, str]]:
    out: list[tuple[Path_, str]] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            out.append((block.path, block.text))
        elif isinstance(block, BulletList):
            for item in block.items:
                out.append((item.path, item.text))
                out.extend((child.path, child.text) for child in item.children)
    return out
