// A unified diff (the API's `unified` text) shown side by side: removed lines on the left, added
// on the right, unchanged on both.
interface Row { left?: string; right?: string; kind: 'same' | 'removed' | 'added' | 'changed' | 'hunk' }

export function sideBySide(unified: string): Row[] {
  const rows: Row[] = [];
  let removed: string[] = [];
  let added: string[] = [];
  const flush = () => {
    for (let i = 0; i < Math.max(removed.length, added.length); i++) {
      const left = removed[i];
      const right = added[i];
      rows.push({ left, right, kind: left !== undefined && right !== undefined ? 'changed' : left !== undefined ? 'removed' : 'added' });
    }
    removed = [];
    added = [];
  };
  for (const line of unified.split('\n')) {
    if (line.startsWith('---') || line.startsWith('+++') || line.startsWith('Index:') || line.startsWith('====')) continue;
    if (line.startsWith('@@')) { flush(); rows.push({ kind: 'hunk', left: line, right: line }); continue; }
    if (line.startsWith('-')) removed.push(line.slice(1));
    else if (line.startsWith('+')) added.push(line.slice(1));
    else { flush(); if (line.length) rows.push({ kind: 'same', left: line.slice(1), right: line.slice(1) }); }
  }
  flush();
  return rows;
}

export function SideBySide({ unified, leftTitle, rightTitle }: { unified: string; leftTitle: string; rightTitle: string }) {
  if (!unified.trim()) return <p class="muted">The two versions are the same.</p>;
  return (
    <table class="diff" aria-label={`${leftTitle} compared with ${rightTitle}`}>
      <thead><tr><th scope="col">{leftTitle}</th><th scope="col">{rightTitle}</th></tr></thead>
      <tbody>
        {sideBySide(unified).map((r, i) => (
          <tr key={i} class={`diff-${r.kind}`}>
            <td class={r.kind === 'removed' || r.kind === 'changed' ? 'del' : ''}>
              {r.kind === 'removed' || r.kind === 'changed' ? <span class="sr-only">removed: </span> : null}<code>{r.left ?? ''}</code>
            </td>
            <td class={r.kind === 'added' || r.kind === 'changed' ? 'ins' : ''}>
              {r.kind === 'added' || r.kind === 'changed' ? <span class="sr-only">added: </span> : null}<code>{r.right ?? ''}</code>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
