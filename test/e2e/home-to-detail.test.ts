/**
 * End to end in WeChat DevTools (miniprogram-automator): home -> tap the first product card -> the product detail
 * page shows a title and a price.
 *
 * Opt-in. It needs, on a machine with WeChat DevTools (Windows/macOS):
 * - WECHAT_DEVTOOLS_CLI: path to the DevTools CLI (macOS `/Applications/wechatwebdevtools.app/Contents/MacOS/cli`,
 *   Windows `C:/Program Files (x86)/Tencent/微信web开发者工具/cli.bat`), with Settings > Security > Service port on;
 * - a backend for the pages: the local cloud (`npm start`) in local mode, or a cloud environment;
 * - `npm run build:mpnpm` done (Vant in miniprogram_npm).
 * Without the CLI the suite is skipped with the reason printed; it never fails CI.
 */
import fs from 'node:fs';
import path from 'node:path';
import automator from 'miniprogram-automator';

type MiniProgram = Awaited<ReturnType<typeof automator.launch>>;
type Page = NonNullable<Awaited<ReturnType<MiniProgram['currentPage']>>>;

const PROJECT_PATH = path.resolve(__dirname, '../..');
const HOME = 'pages/home/index';
const DETAIL = 'packages/goods/pages/detail/index';
// What the pages render (miniprogram/components/product-card, packages/goods/pages/detail).
const CARD = 'product-card';
const CARD_TAP_TARGET = '.card';
const CARD_TITLE = '.card__title';
const DETAIL_TITLE = '.detail__title';
const PRICE = 'price';
const PRICE_TEXT = '.price__now';

const cliPath = process.env.WECHAT_DEVTOOLS_CLI;
const skipReason = !cliPath
  ? 'WECHAT_DEVTOOLS_CLI is not set (WeChat DevTools is needed; it exists for Windows/macOS only)'
  : !fs.existsSync(cliPath)
    ? `WECHAT_DEVTOOLS_CLI=${cliPath} does not exist`
    : null;
if (skipReason) console.log(`e2e home-to-detail skipped: ${skipReason}`);

const describeE2e = skipReason ? describe.skip : describe;

async function waitForPage(mp: MiniProgram, route: string, timeoutMs = 15_000): Promise<Page> {
  const until = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < until) {
    const page = await mp.currentPage();
    last = page?.path ?? '';
    if (page && last === route) return page;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`expected page ${route}, still on ${last || 'nothing'} after ${timeoutMs} ms`);
}

async function waitForElement(page: Page, selector: string, timeoutMs = 15_000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const el = await page.$(selector);
    if (el) return el;
    await page.waitFor(300);
  }
  throw new Error(`no ${selector} on ${page.path} after ${timeoutMs} ms`);
}

describeE2e('e2e: home -> product detail (WeChat DevTools)', () => {
  let mp: MiniProgram;

  beforeAll(async () => {
    mp = await automator.launch({ cliPath, projectPath: PROJECT_PATH, timeout: 120_000 });
  }, 180_000);

  afterAll(async () => {
    await mp?.close();
  });

  test('tapping the first product card opens its detail with a title and a price', async () => {
    const home = await mp.reLaunch(`/${HOME}`);
    expect(home?.path).toBe(HOME);
    const page = await waitForPage(mp, HOME);

    const card = await waitForElement(page, CARD);
    const cardTitle = (await (await card.$(CARD_TITLE))?.text())?.trim();
    expect(cardTitle).toBeTruthy();
    const target = (await card.$(CARD_TAP_TARGET)) ?? card;
    await target.tap();

    const detail = await waitForPage(mp, DETAIL);
    const title = await waitForElement(detail, DETAIL_TITLE);
    expect((await title.text()).trim()).toBe(cardTitle);
    const price = await waitForElement(detail, PRICE);
    const priceText = await (await price.$(PRICE_TEXT))?.text();
    expect(priceText).toMatch(/¥\s*\d+\.\d{2}/);
  }, 120_000);
});
