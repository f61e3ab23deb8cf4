import { TeamsInfo, type TurnContext } from 'botbuilder';

/** What the bot asks Teams about the person it talks to; a fake stands in for it in tests. */
export interface MemberLookup {
  /** The caller's display name when the activity does not carry one. */
  displayName(context: TurnContext): Promise<string | undefined>;
}

/** Asks Teams (`TeamsInfo.getMember`); outside Teams, or when Teams cannot say, knows nothing. */
export const teamsMembers: MemberLookup = {
  async displayName(context) {
    if (context.activity.channelId !== 'msteams' || !context.activity.from?.id) return undefined;
    try {
      return (await TeamsInfo.getMember(context, context.activity.from.id)).name || undefined;
    } catch {
      return undefined;
    }
  },
};
