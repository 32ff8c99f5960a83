"""Small inline SVG charts drawn on the server: a histogram and a scatter plot (no JavaScript).

Each chart has a title and description for screen readers; the pages also show the numbers.
"""

from __future__ import annotations

from markupsafe import Markup, escape

WIDTH, HEIGHT, PAD = 480, 260, 40


def _frame(key: str, title: str, description: str, body: list[str]) -> Markup:
    parts = [
        f'<svg viewBox="0 0 {WIDTH} {HEIGHT}" role="img" class="chart" '
        f'aria-labelledby="t-{key} d-{key}" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="t-{key}">{escape(title)}</title>',
        f'<desc id="d-{key}">{escape(description)}</desc>',
        f'<line x1="{PAD}" y1="{HEIGHT - PAD}" x2="{WIDTH - 10}" y2="{HEIGHT - PAD}" '
        'class="axis"/>',
        f'<line x1="{PAD}" y1="10" x2="{PAD}" y2="{HEIGHT - PAD}" class="axis"/>',
        *body,
        "</svg>",
    ]
    return Markup("".join(parts))


def _x(score: float) -> float:
    return PAD + (WIDTH - 10 - PAD) * score / 100


def _y(value: float, top: float) -> float:
    return HEIGHT - PAD - (HEIGHT - PAD - 10) * (value / top if top else 0)


def _score_ticks() -> list[str]:
    return [f'<text x="{_x(s):.1f}" y="{HEIGHT - PAD + 16}" class="tick">{s}</text>'
            for s in range(0, 101, 20)]


def histogram(counts: list[int], title: str, key: str) -> Markup:
    """Bars of `counts` over equal bins of the 0-100 score range; `key` makes ids unique."""
    top = max(counts) or 1
    width = (WIDTH - 10 - PAD) / len(counts)
    body = _score_ticks()
    for index, count in enumerate(counts):
        y = _y(count, top)
        body.append(
            f'<rect x="{PAD + index * width + 1:.1f}" y="{y:.1f}" width="{width - 2:.1f}" '
            f'height="{HEIGHT - PAD - y:.1f}" class="bar"/>'
        )
        if count:
            body.append(f'<text x="{PAD + (index + 0.5) * width:.1f}" y="{y - 4:.1f}" '
                        f'class="tick">{count}</text>')
    body.append(f'<text x="{WIDTH / 2}" y="{HEIGHT - 6}" class="label">score</text>')
    description = ", ".join(f"{i * 10}-{i * 10 + 10}: {c}" for i, c in enumerate(counts))
    return _frame(key, title, f"Answers per score band: {description}", body)


def scatter(pairs: list[tuple[float, float]], title: str, key: str) -> Markup:
    """Points (automatic score, reviewed score) on 0-100 axes, with the diagonal; `key` makes
    ids unique."""
    body = _score_ticks()
    body += [f'<text x="{PAD - 6}" y="{_y(s, 100) + 4:.1f}" class="tick end">{s}</text>'
             for s in range(0, 101, 20)]
    body.append(f'<line x1="{_x(0)}" y1="{_y(0, 100)}" x2="{_x(100)}" y2="{_y(100, 100)}" '
                'class="diagonal"/>')
    body += [f'<circle cx="{_x(a):.1f}" cy="{_y(r, 100):.1f}" r="5" class="point"/>'
             for a, r in pairs]
    body.append(f'<text x="{WIDTH / 2}" y="{HEIGHT - 6}" class="label">automatic score</text>')
    body.append(f'<text x="12" y="{HEIGHT / 2}" class="label" '
                f'transform="rotate(-90 12 {HEIGHT / 2})">reviewed score</text>')
    description = "; ".join(f"automatic {a:g}, reviewed {r:g}" for a, r in pairs)
    return _frame(key, title, f"Each review: {description}", body)
