/** The order suite again, on the WeChat cloud database adapter (wx-server-sdk -> the in-process simulator). */
process.env.TEST_STORE = 'cloud-sim';
require('../order.test');
