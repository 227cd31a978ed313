// Labels are added with `labels:` (selectors untouched), never `commonLabels:`, which also rewrites selectors
// and turns the next label change into "field is immutable".
export interface KustomizationFile {
  path: string;
  content: Record<string, unknown>;
}

interface LabelsEntry {
  includeSelectors?: boolean;
}

export function kustomizationLabelViolations(files: KustomizationFile[]): string[] {
  return files.flatMap(({ path, content }) => {
    const problems: string[] = [];
    if ('commonLabels' in content)
      problems.push(`${path}: uses commonLabels (use labels: with includeSelectors: false)`);
    const labels = (content.labels as LabelsEntry[] | undefined) ?? [];
    if (labels.some((entry) => entry.includeSelectors === true)) {
      problems.push(`${path}: labels with includeSelectors: true reach the immutable selectors`);
    }
    return problems;
  });
}
