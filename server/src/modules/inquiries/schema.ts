import { z } from 'zod';

/** A recorded enquiry and the day its answer is due. */
export const ZInquiryReceipt = z.object({ id: z.number(), replyDue: z.string() });
export type TInquiryReceipt = z.infer<typeof ZInquiryReceipt>;

export const ZInquiryList = z.object({
  inquiries: z.array(
    z.object({
      id: z.number(),
      kind: z.string(),
      channel: z.string(),
      contactName: z.string(),
      contactPhone: z.string().nullable(),
      itemName: z.string().nullable(),
      departmentName: z.string(),
      subject: z.string(),
      content: z.string(),
      createdAt: z.string(),
      replyDue: z.string(),
      overdue: z.boolean(),
      reply: z.string().nullable(),
      repliedAt: z.string().nullable(),
      callbackNote: z.string().nullable(),
      rating: z.number().nullable(),
      publishedFaq: z.boolean(),
    }),
  ),
});
export type TInquiryList = z.infer<typeof ZInquiryList>;
export type TInquiry = TInquiryList['inquiries'][number];

export const ZOwnedEnquiries = z.object({
  enquiries: z.array(
    z.object({
      id: z.number(),
      kind: z.string(),
      subject: z.string(),
      content: z.string(),
      contactName: z.string(),
      contactPhone: z.string().nullable(),
      createdAt: z.string(),
      replyDue: z.string(),
      overdue: z.boolean(),
      reply: z.string().nullable(),
      repliedAt: z.string().nullable(),
      firstAsked: z.string().nullable(),
      handedOverAt: z.string().nullable(),
      handoverNote: z.string().nullable(),
    }),
  ),
});
export type TOwnedEnquiries = z.infer<typeof ZOwnedEnquiries>;
export type TOwnedEnquiry = TOwnedEnquiries['enquiries'][number];
