import { Random } from './random.js';

/**
 * The frame of a plain pg_dump (15.x, with the \restrict line of recent minor releases) holding one table,
 * public.retail, typed as the UCI data was loaded: text, integer, timestamp and real columns. The data goes between
 * header and footer: a COPY block or INSERT statements.
 */

/** pg_dump's \restrict key: 63 letters and digits, here derived from the seed so output stays reproducible. */
export function restrictKey(seed: number): string {
  const rng = new Random(seed ^ 0x5eed_d0d0);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let key = '';
  for (let i = 0; i < 63; i++) key += alphabet[rng.int(alphabet.length)];
  return key;
}

export const RETAIL_COLUMNS =
  'invoice_no, stock_code, description, quantity, invoice_date, unit_price, customer_id, country';

export function pgDumpHeader(key: string): string {
  return `--
-- PostgreSQL database dump
--

\\restrict ${key}

-- Dumped from database version 15.18 (Debian 15.18-0+deb12u1)
-- Dumped by pg_dump version 15.18 (Debian 15.18-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: retail; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.retail (
    invoice_no text,
    stock_code text,
    description text,
    quantity integer,
    invoice_date timestamp without time zone,
    unit_price real,
    customer_id real,
    country text
);


--
-- Data for Name: retail; Type: TABLE DATA; Schema: public; Owner: -
--

`;
}

export function pgDumpFooter(key: string): string {
  return `

--
-- PostgreSQL database dump complete
--

\\unrestrict ${key}

`;
}
