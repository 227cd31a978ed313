// Whether a published figure is one of the numbers (or the quantity) of the report's words it cites, so a figure
// copied wrong, or a quote that does not hold it, is caught when the data file loads.

/** The numbers a text writes, thousands separators dropped: "45,632 (0.28%)" → [45632, 0.28]. */
export function numbersIn(text: string): number[] {
  return Array.from(text.matchAll(/\d[\d,]*(?:\.\d+)?/g), (match) => Number(match[0].replace(/,/g, '')));
}

export function figureInQuote(value: number | string, quote: string): boolean {
  if (typeof value === 'number') return numbersIn(quote).includes(value);
  // A quantity such as "200m" as a whole word: "200m" must not be found inside "1200m".
  const escaped = value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![\\w.])${escaped}(?![\\w.])`).test(quote);
}
