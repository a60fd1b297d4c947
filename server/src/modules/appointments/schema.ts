import { z } from 'zod';

const ZTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, '时间格式应为 HH:MM');
const ZDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');
const ZSpan = z.object({ start: ZTime, end: ZTime });

/** 发布预约时段: working days from the calendar, a lunch break between morning and afternoon. */
export const ZGenerateSlots = z.object({
  categoryId: z.number().int().positive(),
  from: ZDate,
  to: ZDate,
  slotMinutes: z.number().int().min(10).max(240),
  capacity: z.number().int().min(1).max(500),
  morning: ZSpan,
  afternoon: ZSpan.optional(),
  /** 延时服务 after hours on working days. */
  extended: ZSpan.extend({ capacity: z.number().int().min(1).max(500) }).optional(),
  /** "365" weekend and holiday slots, where the centre opens them. */
  weekend: ZSpan.extend({ capacity: z.number().int().min(1).max(500) }).optional(),
});
export type TGenerateSlots = z.infer<typeof ZGenerateSlots>;

export const ZSlot = z
  .object({
    id: z.number(),
    categoryId: z.number(),
    day: z.string(),
    startsAt: z.string(),
    endsAt: z.string(),
    kind: z.enum(['regular', 'extended', 'weekend']),
    capacity: z.number(),
    booked: z.number(),
    left: z.number(),
  })
  .meta({ id: 'AppointmentSlot' });
export type TSlot = z.infer<typeof ZSlot>;

export const ZAppointment = z
  .object({
    id: z.number(),
    code: z.string(),
    status: z.enum(['booked', 'checked_in', 'cancelled', 'no_show']),
    itemId: z.number(),
    itemName: z.string(),
    categoryId: z.number(),
    categoryName: z.string(),
    centreId: z.number(),
    centreName: z.string(),
    slot: z.object({ id: z.number(), day: z.string(), startsAt: z.string(), endsAt: z.string(), kind: z.enum(['regular', 'extended', 'weekend']) }),
    createdAt: z.string(),
    checkedInAt: z.string().nullable(),
  })
  .meta({ id: 'Appointment' });
export type TAppointment = z.infer<typeof ZAppointment>;

/** A day's bookings as the hall sees them: with the (masked) name. */
export const ZDayBookings = z.object({ appointments: z.array(ZAppointment.extend({ applicantName: z.string() })) });
export type TDayBookings = z.infer<typeof ZDayBookings>;

export const ZSlotList = z.object({ slots: z.array(ZSlot) });
export type TSlotList = z.infer<typeof ZSlotList>;

export const ZSlotsGenerated = z.object({ created: z.number() });
export type TSlotsGenerated = z.infer<typeof ZSlotsGenerated>;

export const ZBookingStanding = z
  .object({ paused: z.boolean(), pausedUntil: z.string().nullable(), noShows: z.number(), noShowLimit: z.number() })
  .meta({ id: 'BookingStanding' });
export type TBookingStanding = z.infer<typeof ZBookingStanding>;

export const ZMyAppointments = z.object({ appointments: z.array(ZAppointment), standing: ZBookingStanding });
export type TMyAppointments = z.infer<typeof ZMyAppointments>;

/** The hall's rules a centre may change (settings key `hall`). */
export const ZHallSettings = z
  .object({
    /** No-shows within `noShowWindowDays` that pause booking … */
    noShowLimit: z.number().int().min(1).max(20),
    noShowWindowDays: z.number().int().min(7).max(365),
    /** … for this many days after the last one. */
    pauseDays: z.number().int().min(1).max(365),
    /** The SMS reminder goes out this long before the slot. */
    reminderHours: z.number().int().min(1).max(72),
    /** Check-in at the kiosk opens this early before the slot and closes this late after its end. */
    checkInEarlyMinutes: z.number().int().min(0).max(240),
    checkInLateMinutes: z.number().int().min(0).max(240),
    /** 老年人优先 from this age (read from the ID number at the kiosk). */
    elderlyAge: z.number().int().min(50).max(90),
    /** How the public 曝光台 shows the person: 张** (mask), the full name, or no name (window only). */
    exposureNames: z.enum(['mask', 'full', 'none']),
  })
  .meta({ id: 'HallSettings' });
export type THallSettings = z.infer<typeof ZHallSettings>;
