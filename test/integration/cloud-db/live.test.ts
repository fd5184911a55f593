/** The live commerce suite again, on the WeChat cloud database adapter (wx-server-sdk -> the in-process simulator). */
process.env.TEST_STORE = 'cloud-sim';
// The worker process runs other files after this one: they must get their default store back.
afterAll(() => { delete process.env.TEST_STORE; });
require('../live.test');
