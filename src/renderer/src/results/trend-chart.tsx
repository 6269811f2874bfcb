import { scaleLinear, scaleTime } from 'd3-scale';
import { line } from 'd3-shape';
import { useLayoutEffect, useRef, useState } from 'react';
import type { ResultValue, TrendPoint } from '../../../shared/results';
import { chartDate, chartStory, flagOf } from './result-words';

interface Props {
  value: ResultValue;
  /** When the current value was taken (collection, else issue); null puts it after the last earlier one. */
  at: number | null;
}

const HEIGHT = 66;
// Room for the y labels on the left, the current value's label on the right, the dates underneath.
const MARGIN = { top: 6, right: 44, bottom: 16, left: 40 };
const FALLBACK_WIDTH = 320;

/**
 * The earlier values of one test and the current one, over the normal range as a shaded band. The
 * SVG is drawn at the width it is given (measured), so its text stays at reading size in a narrow
 * pane instead of being scaled down with it; the label on the SVG says the whole chart in words.
 */
export function TrendChart({ value, at }: Props) {
  const figure = useRef<HTMLElement>(null);
  const width = useWidth(figure);
  if (value.numeric === null) return null;
  const { previous } = value.trend;
  const last = previous[previous.length - 1];
  if (last === undefined) {
    return <p className="trend-first">First result of this test</p>;
  }
  const current: TrendPoint = { at: at ?? last.at, value: value.numeric };
  const points = [...previous, current];
  const g = geometry(points, value.range, width);
  const tone = flagOf(value).tone;
  const story = chartStory(value, at);
  const path = line<TrendPoint>()
    .x((p) => g.x(p.at))
    .y((p) => g.y(p.value))(points);
  const [yMin, yMax] = g.y.domain() as [number, number];
  const bottom = HEIGHT - MARGIN.bottom;
  const right = width - MARGIN.right;

  return (
    <figure className="trend-chart" ref={figure}>
      <svg
        role="img"
        aria-label={story}
        viewBox={`0 0 ${width} ${HEIGHT}`}
        width={width}
        height={HEIGHT}
        className="trend-svg"
      >
        <rect
          className="trend-plot"
          x={MARGIN.left}
          y={MARGIN.top}
          width={right - MARGIN.left}
          height={bottom - MARGIN.top}
        />
        {g.band !== null && (
          <rect
            className="trend-band"
            x={MARGIN.left}
            y={g.band.top}
            width={right - MARGIN.left}
            height={g.band.height}
          />
        )}
        <text className="trend-axis" x={MARGIN.left - 4} y={MARGIN.top + 4} textAnchor="end" dominantBaseline="middle">
          {formatTick(yMax)}
        </text>
        <text className="trend-axis" x={MARGIN.left - 4} y={bottom - 2} textAnchor="end" dominantBaseline="middle">
          {formatTick(yMin)}
        </text>
        <text className="trend-axis" x={MARGIN.left} y={HEIGHT - 4} textAnchor="start">
          {chartDate(points[0]?.at ?? current.at)}
        </text>
        <text className="trend-axis" x={right} y={HEIGHT - 4} textAnchor="end">
          {chartDate(current.at)}
        </text>
        {path !== null && <path className="trend-line" d={path} />}
        {previous.map((p) => (
          <circle key={`${p.at}-${p.value}`} className="trend-point" cx={g.x(p.at)} cy={g.y(p.value)} r={2.5} />
        ))}
        <circle className={`trend-now tone-${tone}`} cx={g.x(current.at)} cy={g.y(current.value)} r={5} />
        <text
          className={`trend-now-label tone-${tone}`}
          x={g.x(current.at) + 8}
          y={g.y(current.value)}
          dominantBaseline="middle"
        >
          {value.value}
        </text>
      </svg>
      {/* The table's legend says what the marks mean once; each chart's caption is for a screen reader. */}
      <figcaption className="sr-only">
        {value.name}: {previous.length === 1 ? '1 earlier result' : `${previous.length} earlier results`} and this one
        {g.band !== null && value.range !== null && `; shaded: normal range ${value.range.text}`}
      </figcaption>
    </figure>
  );
}

/** The scales and the band for these points. The y domain takes in the normal range too, so the band shows. */
function geometry(points: readonly TrendPoint[], range: ResultValue['range'], width: number) {
  const times = points.map((p) => p.at);
  const values = points.map((p) => p.value);
  const low = range?.low ?? null;
  const high = range?.high ?? null;
  const ys = [...values, ...(low === null ? [] : [low]), ...(high === null ? [] : [high])];
  let lo = Math.min(...ys);
  let hi = Math.max(...ys);
  if (lo === hi) {
    // One level only (every value the same, no range): give it room above and below.
    const pad = Math.abs(lo) * 0.1 || 1;
    lo -= pad;
    hi += pad;
  }
  const bottom = HEIGHT - MARGIN.bottom;
  const y = scaleLinear().domain([lo, hi]).nice(4).range([bottom, MARGIN.top]);
  const x = scaleTime()
    .domain([Math.min(...times), Math.max(...times)])
    .range([MARGIN.left + 6, width - MARGIN.right - 6]);
  const [yMin, yMax] = y.domain() as [number, number];
  const band =
    low === null && high === null
      ? null
      : { top: y(high ?? yMax), height: Math.max(0, y(low ?? yMin) - y(high ?? yMax)) };
  return { x: (t: number) => x(new Date(t)), y, band };
}

/** Axis labels as short as the numbers allow: "140", "4.5", "0.25". */
function formatTick(n: number): string {
  return String(Number(n.toPrecision(3)));
}

/** The element's width in CSS pixels, kept current as the pane is resized. */
function useWidth(ref: React.RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(FALLBACK_WIDTH);
  useLayoutEffect(() => {
    const element = ref.current;
    if (element === null) return;
    const measure = () => {
      const next = Math.floor(element.clientWidth);
      if (next > 0) setWidth(next);
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref]);
  return width;
}
