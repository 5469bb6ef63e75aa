// The messages a conversation answers: shared by the workflow and its clients.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { ConversationView, TurnRequest } from '../services/agents/types';

/** Queues a message as the conversation's next turn; resolves once it is accepted (not answered). */
export const sendMessageUpdate = defineUpdate<{ accepted: true }, [TurnRequest]>('sendMessage');

/** Ends the conversation once the turns already sent are answered. */
export const closeConversationSignal = defineSignal('closeConversation');

export const conversationViewQuery = defineQuery<ConversationView>('conversationView');
