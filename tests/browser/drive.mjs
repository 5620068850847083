// Drives JupyterLab in Chromium through the scenario that test_jupyterlab.py
// checks: pick the gokmig kernel for a Keras 2 notebook, run its cells,
// switch to fix mode, save, interrupt a sleeping cell, restart from the
// menu. It acts through the UI as a user would (clicks, keys, menus) and
// reads the notebook's state back through the page; it asserts nothing
// itself, but writes what it saw as JSON to stdout for pytest to judge.
//
// Usage: node drive.mjs CONFIG_JSON
//   CONFIG_JSON: {"url", "notebook", "chromium", "shots", "fix_cells": [..], ...}
import { chromium } from 'playwright-core';

const config = JSON.parse(process.argv[2]);
const WAIT = config.timeout_ms ?? 90000;
const seen = { steps: [], cells: {} };
const step = (name) => {
  seen.steps.push(name);
  process.stderr.write(`[drive] ${new Date().toISOString()} ${name}\n`);
};

const browser = await chromium.launch({
  executablePath: config.chromium,
  // Root in CI has no user namespace for Chromium's sandbox.
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
});
try {
  await run(await browser.newPage({ viewport: { width: 1280, height: 900 } }));
} catch (err) {
  seen.error = String(err && err.stack ? err.stack : err);
  const pages = browser.contexts().flatMap((c) => c.pages());
  if (pages.length) await pages[0].screenshot({ path: `${config.shots}/failure.png` }).catch(() => {});
} finally {
  await browser.close();
  process.stdout.write(JSON.stringify(seen));
}

async function run(page) {
  page.setDefaultTimeout(WAIT);
  step('open notebook');
  await page.goto(`${config.url}/lab/tree/${config.notebook}?token=${config.token}`);

  // The notebook names no kernel, so JupyterLab asks which to start.
  step('pick kernel');
  const dialog = page.locator('.jp-Dialog');
  await dialog.waitFor();
  seen.kernel_choices = await dialog.locator('option').allInnerTexts();
  await dialog.locator('select').selectOption({ label: config.kernel_display_name });
  await dialog.locator('.jp-mod-accept').click();
  await waitKernelIdle(page);
  seen.kernel_display_name = await page.evaluate(() => {
    const panel = window.jupyterapp.shell.currentWidget;
    return panel.sessionContext.kernelDisplayName;
  });

  for (const index of config.warn_cells) {
    await runCell(page, index);
    seen.cells[index] = await readCell(page, index);
  }
  // The first notice with findings, once expanded, and its look in both
  // themes.
  const notice = cellLocator(page, config.screenshot_cell).locator('.jp-OutputArea-output details').first();
  await notice.locator('details > summary').first().click();
  seen.expanded_finding_text = await notice.locator('details').first().innerText();
  for (const [theme, file] of [['JupyterLab Light', 'notice-light.png'], ['JupyterLab Dark', 'notice-dark.png']]) {
    await page.evaluate((t) => window.jupyterapp.commands.execute('apputils:change-theme', { theme: t }), theme);
    await page.waitForFunction((t) => document.body.dataset.jpThemeName === t, theme);
    await page.waitForTimeout(500); // the theme's CSS variables settle
    await cellLocator(page, config.screenshot_cell).screenshot({ path: `${config.shots}/${file}` });
  }
  await page.evaluate(() => window.jupyterapp.commands.execute('apputils:change-theme', { theme: 'JupyterLab Light' }));

  step('fix mode');
  for (const index of config.fix_cells) {
    await runCell(page, index);
    seen.cells[index] = await readCell(page, index);
  }

  step('save');
  await cellLocator(page, 0).locator('.jp-InputPrompt').click();
  await page.keyboard.press('Control+s');
  await page.waitForFunction(() => !window.jupyterapp.shell.currentWidget.context.model.dirty);
  seen.saved = true;

  step('interrupt');
  const sleeper = config.sleep_cell;
  await startCell(page, sleeper);
  // Interrupt once the cell is in time.sleep (it says so just before),
  // not while it is still on its way there.
  await cellLocator(page, sleeper).locator('.jp-OutputArea-output', { hasText: 'sleeping' }).waitFor();
  await page.locator('.jp-NotebookPanel-toolbar [data-command="notebook:interrupt-kernel"]').click();
  await waitCellDone(page, sleeper);
  seen.cells[sleeper] = await readCell(page, sleeper);

  step('restart from the menu');
  await page.locator('.lm-MenuBar-itemLabel', { hasText: /^Kernel$/ }).click();
  await page.locator('.lm-Menu-itemLabel', { hasText: /^Restart Kernel…$/ }).click();
  await page.locator('.jp-Dialog .jp-mod-accept').click();
  await page.waitForFunction(() => window.jupyterapp.shell.currentWidget.sessionContext.session.kernel.status === 'restarting', null, { timeout: 15000 }).catch(() => {});
  await waitKernelIdle(page);
  seen.restarted = true;
  await runCell(page, config.status_cell);
  seen.cells[config.status_cell] = await readCell(page, config.status_cell);
  step('done');
}

// cellLocator finds a cell by its index in the notebook model: JupyterLab
// lays cells out in a windowed list whose DOM order is an implementation
// detail, so the page tags each cell's node with its index first.
function cellLocator(page, index) {
  return page.locator(`[data-test-cell="${index}"]`);
}

async function tagCells(page) {
  await page.evaluate(() => {
    window.jupyterapp.shell.currentWidget.content.widgets.forEach((cell, i) => {
      cell.node.dataset.testCell = String(i);
    });
  });
}

async function waitKernelIdle(page) {
  await page.waitForFunction(() => {
    const panel = window.jupyterapp && window.jupyterapp.shell.currentWidget;
    const kernel = panel && panel.sessionContext && panel.sessionContext.session && panel.sessionContext.session.kernel;
    return kernel && kernel.status === 'idle' && kernel.connectionStatus === 'connected';
  });
}

// startCell selects a cell in command mode and runs it with Shift+Enter.
async function startCell(page, index) {
  await tagCells(page);
  const cell = cellLocator(page, index);
  await cell.scrollIntoViewIfNeeded();
  const prompt = cell.locator('.jp-InputPrompt');
  const before = await prompt.textContent();
  await prompt.click();
  await page.keyboard.press('Escape');
  await page.keyboard.press('Shift+Enter');
  // The prompt turns to [*] and then to the new count; a quick cell may
  // be past [*] already, so wait for any change.
  await page.waitForFunction(([i, before]) => {
    const cell = window.jupyterapp.shell.currentWidget.content.widgets[i];
    return cell.promptNode.textContent !== before;
  }, [index, before]);
}

async function waitCellDone(page, index) {
  await page.waitForFunction((i) => {
    const cell = window.jupyterapp.shell.currentWidget.content.widgets[i];
    return cell.model.executionState !== 'running' && /\[\d+\]/.test(cell.promptNode.textContent);
  }, index);
  // The reply can precede the last output by a moment; wait for the
  // kernel's idle, which comes after every output of the cell.
  await waitKernelIdle(page);
}

async function runCell(page, index) {
  step(`run cell ${index}`);
  await startCell(page, index);
  await waitCellDone(page, index);
}

// readCell reports what the page shows for a cell: the editor's text, each
// output's text and whether it is a gokmig notice (and how it is built).
async function readCell(page, index) {
  return page.evaluate((i) => {
    const cell = window.jupyterapp.shell.currentWidget.content.widgets[i];
    const outputs = [...cell.node.querySelectorAll('.jp-OutputArea-output')].map((node) => {
      const details = node.querySelector('details');
      return {
        text: node.innerText,
        // textContent includes what folded <details> hide from innerText.
        content: node.textContent,
        notice: /Keras 3 migration|\[gokmig\]|gokmig mode|gokmig target/.test(node.innerText),
        top_details_open: details ? details.open : null,
        summaries: node.querySelectorAll('summary').length,
        links: node.querySelectorAll('a[href]').length,
        height: node.getBoundingClientRect().height,
        scroll_overflow: [...node.querySelectorAll('pre')].map((pre) => getComputedStyle(pre).whiteSpace + '/' + getComputedStyle(pre).overflowX),
      };
    });
    return {
      source: cell.model.sharedModel.getSource(),
      editor: cell.editor.model.sharedModel.getSource(),
      editor_height: cell.node.querySelector('.jp-InputArea').getBoundingClientRect().height,
      prompt: cell.promptNode.textContent,
      outputs,
    };
  }, index);
}
