/**
 * The floor of the benchmark: a bot on the same stack as ours (restify with the same body
 * parser, CloudAdapter in local mode, a TeamsActivityHandler) that touches no database. A
 * message is answered with one card sent through the Bot Connector, like our message turns; an
 * Action.Execute or a search invoke with a card or results in the HTTP answer, like our invokes.
 */
import {
  CardFactory,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  TeamsActivityHandler,
  type AdaptiveCardInvokeResponse,
  type SearchInvokeResponse,
  type TurnContext,
} from 'botbuilder';
import restify from 'restify';

const CARD = {
  type: 'AdaptiveCard',
  version: '1.5',
  body: [{ type: 'TextBlock', text: 'echo', wrap: true }],
};

class EchoBot extends TeamsActivityHandler {
  constructor() {
    super();
    this.onMessage(async (context, next) => {
      await context.sendActivity({
        type: 'message',
        attachments: [
          CardFactory.adaptiveCard({
            ...CARD,
            body: [{ type: 'TextBlock', text: context.activity.text ?? '' }],
          }),
        ],
      });
      await next();
    });
  }

  protected override async onAdaptiveCardInvoke(): Promise<AdaptiveCardInvokeResponse> {
    return { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: CARD };
  }

  protected override async onSearchInvoke(context: TurnContext): Promise<SearchInvokeResponse> {
    const query = String((context.activity.value as { queryText?: unknown } | undefined)?.queryText ?? '');
    return {
      statusCode: 200,
      type: 'application/vnd.microsoft.search.searchResponse',
      value: { results: [{ title: query, value: query }] },
    };
  }
}

const adapter = new CloudAdapter(
  new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: '',
    MicrosoftAppPassword: '',
    MicrosoftAppType: 'MultiTenant',
    MicrosoftAppTenantId: '',
  }),
);
const bot = new EchoBot();
const server = restify.createServer({ name: 'echo-bot' });
server.use(restify.plugins.bodyParser({ maxBodySize: 256 * 1024, mapParams: false }));
server.post('/api/messages', async (req: restify.Request, res: restify.Response) => {
  await adapter.process(req, res, (context) => bot.run(context));
});
server.listen(0, '127.0.0.1', () => {
  process.send?.({ ready: `http://127.0.0.1:${server.address().port}` });
});
process.on('message', (message: unknown) => {
  if (message === 'probe') {
    const memory = process.memoryUsage();
    process.send?.({
      probe: { commands: { total: 0, byCommand: {} }, rssBytes: memory.rss, heapUsedBytes: memory.heapUsed },
    });
  } else if (message === 'stop') {
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 2_000).unref();
  }
});
