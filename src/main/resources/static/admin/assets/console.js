// Live progress of reconciliation runs that are still queued or running: each such row names
// its run's progress address in data-run; the numbers refresh every second until it finishes.
document.addEventListener('DOMContentLoaded', () => {
  document.querySelectorAll('tr[data-run]').forEach((row) => {
    const url = row.getAttribute('data-run');
    const timer = setInterval(async () => {
      try {
        const response = await fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
        if (!response.ok) { clearInterval(timer); return; }
        const run = await response.json();
        const set = (field, value) => { const cell = row.querySelector(`[data-field="${field}"]`); if (cell) cell.textContent = value; };
        set('state', run.state);
        for (const name of ['checked', 'imported', 'deactivated', 'flagged', 'errors']) set(name, run.counts[name]);
        set('summary', run.summary || run.lastError || '');
        if (run.state === 'completed' || run.state === 'failed') { clearInterval(timer); row.removeAttribute('data-run'); }
      } catch (e) { clearInterval(timer); }
    }, 1000);
  });
});
