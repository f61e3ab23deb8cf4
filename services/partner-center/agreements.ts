import { z } from 'zod';
import { AppError } from '../errors.js';
import type { AgreementAcceptance } from '../ports.js';
import { expectOk, type PartnerCenterHttp } from './http.js';

// AgreementMetaData { templateId, agreementType, agreementLink, versionRank } in a collection.
// https://learn.microsoft.com/en-us/partner-center/developer/agreement-metadata-resources
const metadataSchema = z.looseObject({
  items: z.array(
    z.looseObject({
      templateId: z.string(),
      agreementType: z.string().nullish(),
      versionRank: z.number().nullish(),
    }),
  ),
});
// Agreement { primaryContact, templateId, dateAgreed, type, agreementLink, userId } in a collection.
// https://learn.microsoft.com/en-us/partner-center/developer/get-confirmation-of-customer-agreement
const agreementsSchema = z.looseObject({
  items: z.array(z.looseObject({ type: z.string().nullish(), templateId: z.string().nullish() })),
});

const MCA = 'MicrosoftCustomerAgreement';
/** "A partner confirmed agreement already exists for the customer": the same acceptance again. */
const ALREADY_CONFIRMED = 600061;

/**
 * The Microsoft Customer Agreement in Partner Center: its template (agreement metadata), a
 * customer's acceptance confirmed by the partner, and whether one is on record.
 */
export class PartnerCenterAgreements {
  private readonly templates = new Map<string, string>();

  constructor(private readonly http: PartnerCenterHttp) {}

  /**
   * POST /v1/customers/{customer-id}/agreements with the MCA's template id, the customer's
   * person who accepted (first and last name, e-mail, phone if given) and the date. A repeat of
   * the same contact answers 600061, which is the acceptance already on record: success.
   * https://learn.microsoft.com/en-us/partner-center/developer/confirm-customer-consent-customer-agreement
   */
  async record(
    providerTenantId: string,
    customerId: string,
    acceptance: AgreementAcceptance,
    requestId: string,
  ): Promise<void> {
    const templateId = await this.templateId(providerTenantId);
    const res = await this.http.send({
      method: 'POST',
      path: `/v1/customers/${encodeURIComponent(customerId)}/agreements`,
      providerTenantId,
      requestId,
      body: {
        primaryContact: {
          firstName: acceptance.firstName,
          lastName: acceptance.lastName,
          email: acceptance.email,
          ...(acceptance.phoneNumber ? { phoneNumber: acceptance.phoneNumber } : {}),
        },
        templateId,
        dateAgreed: acceptance.dateAgreed.toISOString(),
        type: MCA,
      },
    });
    if (!res.ok && res.code === ALREADY_CONFIRMED) return;
    if (!res.ok && res.status === 404) throw new AppError('customer_not_found', { customerId });
    expectOk(res, z.unknown());
  }

  /**
   * Whether Partner Center holds an MCA acceptance for the customer (confirmed through the bot,
   * the portal or another tool): GET /v1/customers/{customer-id}/agreements?agreementType=….
   */
  async has(providerTenantId: string, customerId: string): Promise<boolean> {
    const res = await this.http.send({
      method: 'GET',
      path: `/v1/customers/${encodeURIComponent(customerId)}/agreements`,
      query: { agreementType: MCA },
      providerTenantId,
    });
    if (!res.ok && res.status === 404) return false;
    return expectOk(res, agreementsSchema).items.some((a) => !a.type || a.type === MCA);
  }

  /**
   * GET /v1/agreements?agreementType=MicrosoftCustomerAgreement: the template of the MCA (the
   * one of the highest version rank, should several be listed), kept for the process's life.
   * https://learn.microsoft.com/en-us/partner-center/developer/get-customer-agreement-metadata
   */
  private async templateId(providerTenantId: string): Promise<string> {
    const known = this.templates.get(providerTenantId);
    if (known) return known;
    const res = await this.http.send({
      method: 'GET',
      path: '/v1/agreements',
      query: { agreementType: MCA },
      providerTenantId,
    });
    const items = expectOk(res, metadataSchema).items.filter(
      (i) => !i.agreementType || i.agreementType === MCA,
    );
    const newest = items.sort((a, b) => (b.versionRank ?? 0) - (a.versionRank ?? 0))[0];
    if (!newest) throw new AppError('external_unavailable', { reason: 'malformed_response' });
    this.templates.set(providerTenantId, newest.templateId);
    return newest.templateId;
  }
}
