// A plugin marked so adds its hooks, handlers and decorators to the app that registers it rather than to a
// child scope of its own: what fastify-plugin would do, which the desk does not depend on.
import type { FastifyPluginAsync, FastifyPluginOptions } from 'fastify';

export function rootPlugin<Options extends FastifyPluginOptions>(
  name: string,
  plugin: FastifyPluginAsync<Options>,
): FastifyPluginAsync<Options> {
  return Object.assign(plugin, {
    [Symbol.for('skip-override')]: true,
    [Symbol.for('fastify.display-name')]: name,
  });
}
