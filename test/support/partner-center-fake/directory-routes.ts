import { page } from './paging.js';
import type { StubRoute } from './routes.js';
import {
  link,
  pcError,
  relationshipResource,
  type ProviderState,
  type Reply,
  type StubError,
} from './shapes.js';

/** What a handler is given: the calling provider's state and the parsed request. */
export interface RouteContext {
  state: ProviderState;
  params: string[];
  query: URLSearchParams;
  body: unknown;
  headers: Record<string, string | undefined>;
  maxPageSize: number;
}

function error(e: StubError): Reply {
  return pcError(e.status, e.code, e.description ?? `Error ${e.code}`);
}

/** Partner profiles, agreement status, indirect resellers and the provider's own roles. */
export function directoryRoute(name: StubRoute, ctx: RouteContext): Reply | undefined {
  const q = ctx.query;
  const { partners, roles } = ctx.state;
  switch (name) {
    // https://learn.microsoft.com/en-us/partner-center/developer/verify-a-partner-mpn-id
    case 'mpnProfile': {
      const partner = partners.find((p) => p.mpnId === q.get('mpnId'));
      if (!partner) {
        return pcError(
          404,
          3000,
          `Partner Organization with partner_id ${q.get('mpnId')} could not be found`,
        );
      }
      if (partner.profileError) return error(partner.profileError);
      return {
        status: 200,
        body: {
          partnerName: partner.partnerName,
          mpnId: partner.mpnId,
          profileType: 'MpnProfile',
          links: { self: link('/profiles/mpn') },
          attributes: { objectType: 'MpnProfile' },
        },
      };
    }
    // https://learn.microsoft.com/en-us/partner-center/developer/get-agreement-status
    case 'agreementStatus': {
      const mpnId = q.get('mpnId') ?? q.get('mpnid') ?? '';
      if (!/^\d+$/.test(mpnId)) return pcError(400, 2000, 'MPN Id must be numeric.');
      const partner = partners.find((p) => p.mpnId === mpnId);
      if (!partner)
        return pcError(400, 2200, `Requested MPN Id ${mpnId} is either invalid or does not exist.`);
      const agreement = partner.agreement ?? true;
      if (typeof agreement !== 'boolean') return error(agreement);
      return { status: 200, body: { isAgreementSigned: agreement } };
    }
    // https://learn.microsoft.com/en-us/partner-center/developer/retrieve-a-list-of-indirect-resellers
    // The page does not show paging; the fake pages like the other collections, so a client
    // that follows continuation tokens is exercised.
    case 'relationships': {
      if (q.get('relationship_type') !== 'IsIndirectCloudSolutionProviderOf') {
        return pcError(400, 800002, 'Invalid request input');
      }
      const related = partners.filter((p) => p.relationship);
      return page(
        related,
        '/v1/relationships',
        q,
        ctx.headers['ms-continuationtoken'],
        ctx.maxPageSize,
        relationshipResource,
      );
    }
    // https://learn.microsoft.com/en-us/rest/api/partner-center/manage-account-profiles/get-all-available-roles
    case 'roles':
      return {
        status: 200,
        body: {
          totalCount: roles.length,
          items: roles.map((r) => ({ id: r.id, name: r.name, attributes: { objectType: 'Role' } })),
          attributes: { objectType: 'Collection' },
        },
      };
    // Members of one of the provider's roles, paged like customers.
    case 'roleMembers': {
      const role = roles.find((r) => r.id === ctx.params[0]);
      if (!role) return pcError(404, 600001, `Role ${ctx.params[0]} not found`);
      return page(
        role.members,
        `/v1/roles/${role.id}/usermembers`,
        q,
        ctx.headers['ms-continuationtoken'],
        ctx.maxPageSize,
        (m) => ({ ...m, roleId: role.id, attributes: { objectType: 'UserMember' } }),
      );
    }
    default:
      return undefined;
  }
}
