// Horizontal bars with their numbers written out (the length is never the only signal). SVG
// attributes, not inline styles, so the strict CSP holds.

export interface Bar {
  label: string;
  hits: number;
  share: number;
}

export function Bars({ title, bars }: { title: string; bars: Bar[] }) {
  return (
    <figure class="bars">
      <figcaption>{title}</figcaption>
      <ul>
        {bars.map((b) => {
          const pct = `${(b.share * 100).toFixed(1)}%`;
          return (
            <li aria-label={`${b.label}: ${b.hits} hits, ${pct}`}>
              <span class="bar-label">{b.label}</span>
              <svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true">
                <rect class="track" x="0" y="0" width="100" height="10" />
                <rect
                  class="fill"
                  x="0"
                  y="0"
                  width={String(Math.max(0, b.share * 100))}
                  height="10"
                />
              </svg>
              <span class="bar-num">
                {b.hits} ({pct})
              </span>
            </li>
          );
        })}
      </ul>
    </figure>
  );
}
