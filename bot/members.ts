import { TeamsInfo, type TurnContext } from 'botbuilder';

/** What Teams knows about the person the bot talks to. */
export interface Member {
  name?: string;
  /**
   * The sign-in name (user principal name). Never the roster `email`: that is a mailbox attribute
   * a user or a guest's home directory can set to anything, while the UPN is what the person
   * signs in with in their own Entra tenant.
   */
  signInName?: string;
}

/** What the bot asks Teams about the person it talks to; a fake stands in for it in tests. */
export interface MemberLookup {
  /** The caller's display name and sign-in name; undefined when Teams cannot say. */
  member(context: TurnContext): Promise<Member | undefined>;
}

/**
 * Asks Teams (`TeamsInfo.getMember`, a `TeamsChannelAccount`); outside Teams, or when Teams
 * cannot say, knows nothing.
 */
export const teamsMembers: MemberLookup = {
  async member(context) {
    if (context.activity.channelId !== 'msteams' || !context.activity.from?.id) return undefined;
    try {
      const found = await TeamsInfo.getMember(context, context.activity.from.id);
      return {
        ...(found.name ? { name: found.name } : {}),
        ...(found.userPrincipalName ? { signInName: found.userPrincipalName } : {}),
      };
    } catch {
      return undefined;
    }
  },
};
